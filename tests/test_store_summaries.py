"""The sums kept beside the log (answers per deck and hour, per card, and hours per day) equal a
recount of the log whenever they are read: after the migration that adds them, and after every
answer, undo, and any other change to the log. An answer writes only its log row: the rows after
the sums' mark are counted when the sums are next read."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import Store, open_store
from studydeck.store.schema import COUNT_LOGGED, SCHEMA_VERSION, migrate
from studydeck.store.times import to_text
from studydeck.study import Rating, open_session

SUMS = ("review_hours", "card_answers", "review_days")


def recount(conn: sqlite3.Connection) -> dict[str, set[tuple[Any, ...]]]:
    """The sums, worked out in Python from the log's rows."""
    hours: Counter[tuple[str, int, str]] = Counter()
    cards: Counter[tuple[str, str]] = Counter()
    rows = conn.execute(
        "SELECT deck_id, card_id, reviewed_at, correct, state_before FROM reviews WHERE undone = 0"
    )
    for deck_id, card_id, reviewed_at, correct, state_before in rows:
        hour = int(datetime.fromisoformat(reviewed_at).timestamp()) // 3600
        hours[(deck_id, hour, "answers")] += 1
        hours[(deck_id, hour, "review_answers")] += state_before == "review"
        hours[(deck_id, hour, "review_right")] += state_before == "review" and bool(correct)
        cards[(deck_id, card_id)] += 1
    days: Counter[tuple[str, int]] = Counter()
    for deck_id, hour, what in hours:
        if what == "answers":
            days[(deck_id, hour // 24)] |= 1 << (hour % 24)
    return {
        "review_hours": {
            (d, h, n, hours[(d, h, "review_answers")], hours[(d, h, "review_right")])
            for (d, h, what), n in hours.items()
            if what == "answers"
        },
        "card_answers": {(d, c, n) for (d, c), n in cards.items()},
        "review_days": {(d, day, bits) for (d, day), bits in days.items()},
    }


def tables(conn: sqlite3.Connection) -> dict[str, set[tuple[Any, ...]]]:
    """The sums as they are in the file."""
    return {table: set(conn.execute(f"SELECT * FROM {table}")) for table in SUMS}


def kept(store: Store) -> dict[str, set[tuple[Any, ...]]]:
    """The sums as a reader sees them: the newest rows counted first, as every reader does."""
    store._count_up()
    return tables(store._conn)


def mark(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT review_id FROM counted").fetchone()[0])


def _log_rows(rng: random.Random, count: int) -> list[tuple[Any, ...]]:
    start = datetime(2024, 12, 30, tzinfo=UTC)
    rows = []
    for _ in range(count):
        at = start + timedelta(seconds=rng.randrange(0, 40 * 86400))
        if rng.random() < 0.1:  # on the hour and at midnight too
            at = at.replace(minute=0, second=0, hour=rng.choice((0, at.hour)))
        rows.append(
            (
                rng.choice(("d", "e")),
                f"c{rng.randrange(6)}",
                rng.choice(("", "reverse")),
                "basic",
                "h",
                to_text(at),
                to_text(at),
                None,
                rng.random() < 0.7,
                3,
                None,
                0,
                2.0,
                rng.choice(("new", "learning", "review", "relearning")),
                "review",
                None,
                1.0,
                5.0,
                to_text(at + timedelta(days=1)),
                int(rng.random() < 0.15),
            )
        )
    return rows


_INSERT = (
    "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at, reviewed_at,"
    " answer, correct, rating, proposed, automatic, elapsed, state_before, state_after,"
    " step_after, stability_after, difficulty_after, due_after, undone)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def _write(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Rows written straight into the file, as another program might (one transaction)."""
    conn.execute("BEGIN")
    conn.executemany(_INSERT, rows)
    conn.execute("COMMIT")


def _version_with(table: str) -> int:
    """The schema version whose step made `table`."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for version in range(1, SCHEMA_VERSION + 1):
        migrate(conn, target=version)
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return version
    raise AssertionError(f"no step makes {table}")


def test_migration_fills_the_sums_from_the_log(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=_version_with("review_hours") - 1)  # a file from before the sums
    _write(conn, _log_rows(random.Random(5), 600))
    expected = recount(conn)
    assert all(expected.values())
    conn.close()
    store = open_store(path, T0)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert tables(store._conn) == recount(store._conn) == expected
    assert mark(store._conn) == 600
    store.close()


def test_a_file_whose_triggers_counted_every_answer_keeps_its_sums(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=_version_with("counted") - 1)  # every row counted as it was written
    _write(conn, _log_rows(random.Random(6), 500))
    conn.execute("DELETE FROM reviews WHERE id > 490")  # the mark is the last row still there
    expected = recount(conn)
    assert tables(conn) == expected
    migrate(conn)
    assert mark(conn) == 490
    assert tables(conn) == expected  # nothing counted twice, nothing left out
    _write(conn, _log_rows(random.Random(7), 20))  # ids 491-510: after the mark
    assert tables(conn) == expected
    conn.close()
    store = open_store(path, T0)
    assert kept(store) == recount(store._conn) != expected
    assert mark(store._conn) == 510
    store.close()


def test_an_answer_writes_no_sums_and_a_reader_counts_it(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(5)])
    store = open_store(tmp_path / "progress.sqlite3", T0)
    session = open_session(store, [deck], now=FakeClock(), tz=UTC)
    session.record(Rating.GOOD, elapsed=2.0)
    assert store.answer_count("d") == 1
    before = tables(store._conn)
    for _ in range(3):
        session.record(Rating.AGAIN, elapsed=2.0)
    assert tables(store._conn) == before
    assert mark(store._conn) == 1
    assert store.answer_count("d") == 4
    assert store.answer_counts_by_card("d") == {"c0": 1, "c1": 1, "c2": 1, "c3": 1}
    assert mark(store._conn) == 4
    store.close()


def test_counting_up_reads_only_the_rows_after_the_mark(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    _write(store._conn, _log_rows(random.Random(8), 50))
    for statement in COUNT_LOGGED:
        plan = [r[3] for r in store._conn.execute("EXPLAIN QUERY PLAN " + statement)]
        reads = [step for step in plan if "reviews" in step]  # by id, never the whole log
        assert reads and not any(step.startswith("SCAN reviews") for step in reads), plan
    store.close()


@pytest.mark.parametrize("seed", range(4))
def test_sums_follow_answers_undo_and_any_change_to_the_log(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    cards = [basic(f"c{i}", reverse=i % 2 == 0) for i in range(12)]
    decks = [make_deck(tmp_path, name, cards, {"new_per_day": 50}) for name in ("d", "e")]
    store = open_store(tmp_path / "progress.sqlite3", T0)
    conn = store._conn
    clock = FakeClock(T0.replace(minute=59, second=58))  # answers on both sides of hours
    for _ in range(3):
        session = open_session(store, decks, now=clock, tz=UTC)
        for _ in range(25):
            if session.current is None:
                break
            if session.done and rng.random() < 0.25:
                session.undo()  # of an answer counted already, or not yet
            else:
                session.record(rng.choice(list(Rating)), elapsed=rng.uniform(1, 9))
            clock.advance(seconds=rng.choice((1, 2, 30, 3600, 7200)))
            if rng.random() < 0.3:
                assert kept(store) == recount(conn)
        clock.advance(days=1, hours=rng.randrange(24))
    assert kept(store) == recount(conn)
    session = open_session(store, decks, now=clock, tz=UTC)
    for _ in range(6):  # rows after the mark
        session.record(Rating.GOOD, elapsed=1.0)
    ids = [r[0] for r in conn.execute("SELECT id FROM reviews ORDER BY id")]
    assert mark(conn) < ids[-6]
    with store.writing():  # whatever else writes to the log, the sums follow
        for i in (0, len(ids) - 4):  # rows counted, and rows not counted yet
            conn.execute("DELETE FROM reviews WHERE id = ?", (ids[i],))
            conn.execute("UPDATE reviews SET undone = 1 - undone WHERE id = ?", (ids[i + 1],))
            conn.execute(
                "UPDATE reviews SET reviewed_at = ?, deck_id = 'e', card_id = 'moved',"
                " correct = 0, state_before = 'review' WHERE id = ?",
                (to_text(T0 - timedelta(days=3)), ids[i + 2]),
            )
            conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?", (ids[i + 3],))
            conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?", (ids[i + 3],))  # no change
    assert kept(store) == recount(conn)
    # a row written again under an id the sums already count is counted as it is written
    with store.writing():
        conn.execute("UPDATE reviews SET id = ? WHERE id = ?", (ids[0], ids[-2]))
    assert tables(conn) == recount(conn)
    last = max(ids)
    with store.writing():
        conn.execute("DELETE FROM reviews WHERE id >= ?", (ids[-5],))
    assert tables(conn) == recount(conn)
    session.record(Rating.GOOD, elapsed=1.0)  # takes an id the sums count: counted at once
    assert conn.execute("SELECT max(id) FROM reviews").fetchone()[0] <= last == mark(conn)
    assert tables(conn) == recount(conn)
    with store.writing():
        conn.execute("UPDATE reviews SET undone = 1")
    assert kept(store) == recount(conn) == {table: set() for table in SUMS}
    store.close()
