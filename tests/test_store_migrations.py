"""Forward migrations: a file made at schema v1 upgrades to the current schema, data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from study_support import T0
from studydeck.store import ItemKey, open_store
from studydeck.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate


def _schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()
    conn.close()
    return [(n, " ".join(s.split())) for n, s in rows]


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at,"
        " reviewed_at, answer, correct, rating, proposed, automatic, elapsed, state_before,"
        " state_after, step_after, stability_after, difficulty_after, due_after, undone)"
        " VALUES ('d','a','','typed','h1','2025-01-01T10:00:00.000000+00:00',"
        "'2025-01-01T10:00:05.000000+00:00','\"x\"',1,3,3,1,5.0,'new','learning',1,2.3,5.1,"
        "'2025-01-01T10:10:05.000000+00:00',1)"
    )
    conn.execute(
        "INSERT INTO items VALUES ('d','a','','learning',1,2.3,5.1,"
        "'2025-01-01T10:10:05.000000+00:00','2025-01-01T10:00:05.000000+00:00',1,0)"
    )
    conn.close()


def test_there_is_something_to_migrate() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_v1_file_upgrades_to_current(tmp_path: Path) -> None:
    old = tmp_path / "old" / "progress.sqlite3"
    old.parent.mkdir()
    _make_v1(old)
    store = open_store(old, T0)
    conn = store._conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    rows = conn.execute("SELECT card_id, answer, undone, undone_at FROM reviews").fetchall()
    assert rows == [("a", '"x"', 1, None)]  # kept, with the column v2 added
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None and state.stability == 2.3 and state.reps == 1
    assert store.renames() == {}
    store.close()
    # the upgraded file has exactly the tables and indexes of a new one
    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh, T0).close()
    assert _schema(old) == _schema(fresh)
    # and the file was backed up as it was before the upgrade
    backups = list((old.parent / "backups").iterdir())
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_migration_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _make_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE renames (x)")  # makes step 2 fail half-way
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(reviews)")]
    assert "undone_at" not in columns  # step 2's first statement was rolled back too
    conn.close()


def test_a_progress_file_has_one_random_learner_id_for_life(tmp_path: Path) -> None:
    first = open_store(tmp_path / "a.sqlite3", T0)
    second = open_store(tmp_path / "b.sqlite3", T0)
    learner = first.learner_id()
    assert len(learner) == 32 and int(learner, 16) >= 0
    assert second.learner_id() != learner
    first.close()
    second.close()
    assert open_store(tmp_path / "a.sqlite3", T0).learner_id() == learner
