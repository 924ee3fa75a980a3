"""Answer cost: grade + schedule + durable commit of one answer through the real Session and
Store, against a bare SQLite one-row commit with the same durability settings.

Information only: what the learner feels is the time from the rating key to the next card on
screen (benchmarks/next_card.py), which carries the target. A target of "≤ 2× a bare commit"
here once pulled tricks into the answer path to save microseconds nobody feels."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.answers import give_answer, plan_answer
from benchmarks.common import Figure, Result, median, percentile
from benchmarks.deckgen import write_deck
from studydeck.deck.loader import load_deck
from studydeck.store.store import SYNCHRONOUS
from studydeck.study import open_session, open_store


class FakeClock:
    """Moves 6 s per reading, so learning steps fall due during the run as they would."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=6)
        return self.now


def _bare(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    return conn


def run(answers: int = 1_000, cards: int = 2_000, seed: int = 7) -> Result:
    settings = {
        "answers": answers,
        "deck_cards": cards,
        "synchronous": SYNCHRONOUS,
        "journal_mode": "WAL",
        "timed": "Session.check (auto-graded) + Session.record, which commits",
        "baseline": "BEGIN IMMEDIATE; INSERT one row; COMMIT on another file in the same folder",
    }
    result = Result("answer latency", settings)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-") as tmp:
        folder = Path(tmp)
        deck = load_deck(write_deck(folder / "deck.yaml", cards, new_per_day=9999)).deck
        assert deck is not None
        clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        store = open_store(folder / "progress.sqlite3", clock())
        session = open_session(store, [deck], clock)
        bare = _bare(folder / "bare.sqlite3")
        ours: list[float] = []
        base: list[float] = []
        try:
            for i in range(answers + 20):
                # the learner's side (reading the item, choosing an answer) is not timed
                planned = plan_answer(session, rng)
                if planned is None:
                    break
                t0 = time.perf_counter()
                give_answer(session, planned)
                t1 = time.perf_counter()
                bare.execute("BEGIN IMMEDIATE")
                bare.execute("INSERT INTO t (v) VALUES (?)", (f"answer {i}",))
                bare.execute("COMMIT")
                t2 = time.perf_counter()
                if i >= 20:  # warm-up: first queries, caches, page allocation
                    ours.append(t1 - t0)
                    base.append(t2 - t1)
        finally:
            store.close()
            bare.close()
    ours_ms = [t * 1000 for t in ours]
    base_ms = [t * 1000 for t in base]
    med, base_med = median(ours_ms), median(base_ms)
    result.figures.append(
        Figure(
            "answer: grade + schedule + commit (median)",
            med,
            "ms",
            base_med,
            f"bare 1-row commit, WAL, synchronous={SYNCHRONOUS}",
            note=f"{len(ours_ms)} answers; {med - base_med:.2f} ms beyond the bare commit",
        )
    )
    result.figures.append(
        Figure(
            "answer: grade + schedule + commit (p99)",
            percentile(ours_ms, 99),
            "ms",
            percentile(base_ms, 99),
            "bare commit p99",
            note=f"max {max(ours_ms):.1f} ms",
        )
    )
    return result
