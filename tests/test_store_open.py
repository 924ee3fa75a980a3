"""Opening the progress file: creation, settings, and every damaged case left byte-identical."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from study_support import T0, FakeClock, basic, fill, make_deck
from studydeck.store import ProgressFileError, open_store
from studydeck.store.schema import SCHEMA_VERSION
from studydeck.study import Rating, open_session


def test_new_file_is_created_with_schema_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "progress.sqlite3"
    store = open_store(path, T0)
    conn = store._conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    store.close()
    assert [p.name for p in path.parent.iterdir()] == ["progress.sqlite3"]  # no temp files left
    reopened = open_store(path, T0)  # a second open finds it as it was
    assert reopened.review_count() == 0
    reopened.close()


def test_sqlite_file_without_tables_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    store = open_store(path, T0)
    assert store.review_count() == 0
    store.close()


def _valid(path: Path, reviews: int = 300) -> None:
    store = open_store(path, T0)
    fill(store, reviews)
    store.close()


def _not_sqlite(path: Path) -> None:
    path.write_text("deck: not a database\n" * 50)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_header(path: Path) -> None:
    _valid(path)
    path.write_bytes(path.read_bytes()[:60])


def _truncated(path: Path) -> None:
    _valid(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_page(path: Path) -> None:
    _valid(path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 6 * page
    data[3 * page : 4 * page] = bytes((i * 37 + 11) % 256 for i in range(page))
    path.write_bytes(bytes(data))


def _read_only(path: Path) -> None:
    _valid(path, 3)
    path.chmod(0o444)


def _newer(path: Path) -> None:
    _valid(path, 3)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.execute("INSERT INTO invoices VALUES (1)")
    conn.commit()
    conn.close()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "not sqlite": (_not_sqlite, "not a studydeck progress file (not an SQLite database)"),
    "empty": (_empty, "empty"),
    "truncated header": (_truncated_header, "cut short"),
    "truncated": (_truncated, "cut short"),
    "integrity": (_corrupt_page, "damaged"),
    "read-only": (_read_only, "read-only"),
    "newer": (_newer, "newer studydeck"),
    "foreign": (_foreign, "not a studydeck progress file"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_file_is_reported_and_left_untouched(tmp_path: Path, case: str) -> None:
    damage, words = DAMAGE[case]
    path = tmp_path / "progress.sqlite3"
    damage(path)
    before = path.read_bytes()
    mode = path.stat().st_mode
    with pytest.raises(ProgressFileError) as info:
        open_store(path, T0.replace(year=2026))  # a new day: a backup would be due
    err = info.value
    assert err.path == path and words in err.message and err.advice
    assert str(path) in str(err)
    assert path.read_bytes() == before and path.stat().st_mode == mode
    assert not (tmp_path / "backups").exists()  # nothing copied from a damaged file either
    with pytest.raises(ProgressFileError):  # and it stays refused: never recreated
        open_store(path, T0)
    assert path.read_bytes() == before


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.mkdir()
    with pytest.raises(ProgressFileError, match="not a file"):
        open_store(path, T0)


def test_disk_full_while_recording(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(60)], {"new_per_day": 60})
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    conn = store._conn
    # SQLite reports a page limit like a full disk (SQLITE_FULL): cap the file at its size now
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    session = open_session(store, [deck], now=FakeClock())
    with pytest.raises(ProgressFileError) as info:
        for _ in range(60):  # each answer adds rows until a new page is needed
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            before = path.read_bytes()
            saved, shown = store.review_count(), session.current
            session.record(Rating.GOOD, elapsed=1)
    assert "disk is full" in info.value.message and "Free some disk space" in info.value.advice
    assert saved > 0 and store.review_count() == saved  # the failed answer was not stored …
    assert shown is not None and session.current is not None
    assert session.done == saved and session.current.key == shown.key  # … nor counted, skipped
    store.close()
    assert path.read_bytes() == before
    reopened = open_store(path, T0)
    assert reopened.review_count() == saved
    reopened.close()


def test_permissions_error_when_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ProgressFileError, match="could not be created"):
        open_store(blocker / "progress.sqlite3", T0)
    assert os.listdir(tmp_path) == ["file"]


def test_damage_after_the_days_check_is_reported_by_reads(tmp_path: Path) -> None:
    """The whole file is checked at the first opening of a day; damage that comes later is
    reported when it is read, with the same words, and the file is left as it is."""
    path = tmp_path / "progress.sqlite3"
    _valid(path, 600)
    open_store(path, T0.replace(year=2026)).close()  # today's check and backup
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reviews'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    start = (root - 1) * page  # the log's first page: garbage
    data[start : start + page] = bytes((i * 37 + 11) % 256 for i in range(page))
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    store = open_store(path, T0.replace(year=2026, hour=18))  # the same day: no full check
    with pytest.raises(ProgressFileError) as info:
        store.reviews()  # every row of the log
    store.close()
    assert "damaged" in info.value.message and "studydeck restore" in info.value.advice
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    with pytest.raises(ProgressFileError, match="damaged"):  # and the next day, at opening
        open_store(path, T0.replace(year=2026, day=11))
    assert path.read_bytes() == before
