"""Issue 18, point 2: damage found at any time stops every write, is said in words, and the file
is kept as it is; point 5: values the schema does not allow are damage, not data to show."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from study_support import T0, FakeClock, basic, fill, make_deck
from studydeck.store import ProgressFileError, Store, open_store
from studydeck.store.backups import list_backups, restore_backup
from studydeck.study import Rating, open_session

PAGE = 4096


def _garble_root_page(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    data[start : start + PAGE] = bytes((i * 37 + 11) % 256 for i in range(PAGE))
    path.write_bytes(bytes(data))


def _checked_today(path: Path) -> None:
    """A file with answers, opened once today: the day's full check and backup are done."""
    store = open_store(path, T0 - timedelta(days=1))
    fill(store, 150, at=T0 - timedelta(days=1))
    store.close()
    open_store(path, T0).close()
    assert list_backups(path)


def _reads(store: Store) -> None:
    store.reviews()
    store.states()
    store.answer_count("d")
    store.fits()
    store.parameters_in_use()


def test_damage_a_read_finds_stops_the_writes_of_every_session(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _checked_today(path)
    studying = open_store(path, T0 + timedelta(hours=1))  # a session open in another terminal
    _garble_root_page(path, "card_answers")
    before = path.read_bytes()
    stats = open_store(path, T0 + timedelta(hours=2))  # `stats`, the same day: no full check
    with pytest.raises(ProgressFileError) as found:
        stats.answer_count("d")
    stats.close()
    assert "damaged" in found.value.message and "studydeck restore" in found.value.advice
    with pytest.raises(ProgressFileError) as refused:  # the open session's next answer
        fill(studying, 1, at=T0 + timedelta(hours=3))
    assert "damage was found" in refused.value.message
    assert "studydeck restore" in refused.value.advice
    studying.close()
    with pytest.raises(ProgressFileError, match="damage was found"):  # and any later opening
        open_store(path, T0 + timedelta(hours=4))
    assert path.read_bytes() == before
    assert sqlite3.connect(path).execute("SELECT count(*) FROM reviews").fetchone()[0] == 150


def test_a_restore_takes_the_damage_note_aside_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _checked_today(path)
    _garble_root_page(path, "card_answers")
    store = open_store(path, T0 + timedelta(hours=2))
    with pytest.raises(ProgressFileError):
        store.answer_count("d")
    store.close()
    aside = restore_backup(path, list_backups(path)[0].path, T0 + timedelta(hours=3))
    assert aside is not None and aside.with_name(aside.name + ".damaged").exists()
    store = open_store(path, T0 + timedelta(hours=4))
    fill(store, 1, at=T0 + timedelta(hours=4))  # the restored file takes answers again
    assert store.review_count() == 151
    store.close()


def test_text_that_is_not_utf8_is_damage_in_words(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in the schema: SQLite's own message quotes them."""
    path = tmp_path / "progress.sqlite3"
    _checked_today(path)
    data = path.read_bytes()
    assert data.count(b"CREATE TABLE reviews") == 1
    path.write_bytes(data.replace(b"CREATE TABLE reviews", b"CREATE TABLE r\xacviews"))
    with pytest.raises(ProgressFileError) as found:
        open_store(path, T0 + timedelta(hours=1))
    assert "damaged" in found.value.message


@pytest.mark.parametrize("seed", range(12))
def test_flipped_bytes_give_words_never_a_traceback(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "progress.sqlite3"
    _checked_today(path)
    data = bytearray(path.read_bytes())
    rnd = random.Random(seed)
    for _ in range(64):
        data[rnd.randrange(100, len(data))] ^= 1 << rnd.randrange(8)
    path.write_bytes(bytes(data))
    try:
        store = open_store(path, T0 + timedelta(hours=1))
        try:
            _reads(store)
            fill(store, 1, at=T0 + timedelta(hours=1))
        finally:
            store.close()
    except ProgressFileError as error:
        assert error.advice


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("state", "learning[@click=app.quit] (click me)[/]"),
        ("due", "2000-13-45T99:00:00"),
        ("reps", "many"),
    ],
)
def test_a_value_the_schema_does_not_allow_is_damage(
    tmp_path: Path, column: str, value: str
) -> None:
    path = tmp_path / "progress.sqlite3"
    deck = make_deck(tmp_path, "d", [basic("c1")])
    clock = FakeClock()
    store = open_store(path, T0)
    open_session(store, [deck], now=clock).record(Rating.AGAIN, elapsed=3.0)
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE items SET {column} = ?", (value,))
    conn.commit()
    conn.close()
    clock.advance(minutes=30)
    with pytest.raises(ProgressFileError) as found:  # at the opening, or the answer
        session = open_session(store, [deck], now=clock)
        session.intervals()
        session.record(Rating.GOOD, elapsed=3.0)
    store.close()
    assert "damaged" in found.value.message
    assert "not one studydeck writes" in found.value.message


def test_tables_of_another_schema_are_named_as_such_not_the_disk(tmp_path: Path) -> None:
    """Issue 18, point 15: a schema mismatch said "Check the disk"."""
    path = tmp_path / "progress.sqlite3"
    _checked_today(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX IF EXISTS items_due")
    conn.execute("ALTER TABLE items RENAME COLUMN lapses TO lapses_old")
    conn.commit()
    conn.close()
    store = open_store(path, T0 + timedelta(hours=1))
    with pytest.raises(ProgressFileError) as found:
        store.states()
    store.close()
    assert "tables are not the ones studydeck" in found.value.message
    assert "no such column: lapses" in found.value.message
    assert "disk" not in found.value.advice
