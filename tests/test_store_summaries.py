"""The sums kept beside the log (answers per deck and hour, per card, and hours per day) always
equal a recount of the log: after the migration that adds them, and after every answer, undo,
and any other change to the log."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import open_store
from studydeck.store.schema import SCHEMA_VERSION, migrate
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


def kept(conn: sqlite3.Connection) -> dict[str, set[tuple[Any, ...]]]:
    return {table: set(conn.execute(f"SELECT * FROM {table}")) for table in SUMS}


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


def test_migration_fills_the_sums_from_the_log(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=SCHEMA_VERSION - 1)  # a file from the version before the sums
    conn.executemany(_INSERT, _log_rows(random.Random(5), 600))
    expected = recount(conn)
    assert all(expected.values())
    conn.close()
    store = open_store(path, T0)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert kept(store._conn) == recount(store._conn) == expected
    store.close()


@pytest.mark.parametrize("seed", range(4))
def test_sums_follow_answers_undo_and_any_change_to_the_log(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    cards = [basic(f"c{i}", reverse=i % 2 == 0) for i in range(12)]
    decks = [make_deck(tmp_path, name, cards, {"new_per_day": 50}) for name in ("d", "e")]
    store = open_store(tmp_path / "progress.sqlite3", T0)
    clock = FakeClock(T0.replace(minute=59, second=58))  # answers on both sides of hours
    for _ in range(3):
        session = open_session(store, decks, now=clock, tz=UTC)
        for _ in range(25):
            if session.current is None:
                break
            if session.done and rng.random() < 0.25:
                session.undo()
            else:
                session.record(rng.choice(list(Rating)), elapsed=rng.uniform(1, 9))
            clock.advance(seconds=rng.choice((1, 2, 30, 3600, 7200)))
            assert kept(store._conn) == recount(store._conn)
        clock.advance(days=1, hours=rng.randrange(24))
    conn = store._conn
    ids = [r[0] for r in conn.execute("SELECT id FROM reviews")]
    with store.writing():  # whatever else writes to the log, the sums follow
        conn.execute("DELETE FROM reviews WHERE id = ?", (ids[0],))
        conn.execute("UPDATE reviews SET undone = 1 - undone WHERE id = ?", (ids[1],))
        conn.execute(
            "UPDATE reviews SET reviewed_at = ?, deck_id = 'e', card_id = 'moved', correct = 0,"
            " state_before = 'review' WHERE id = ?",
            (to_text(T0 - timedelta(days=3)), ids[2]),
        )
        conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?", (ids[3],))
        conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?", (ids[3],))  # no change
    assert kept(conn) == recount(conn)
    with store.writing():
        conn.execute("UPDATE reviews SET undone = 1")
    assert kept(conn) == recount(conn) == {table: set() for table in SUMS}
    store.close()
