"""Scale: a progress file with many cards and a long review log. Open it, build today's queue,
compute the stats screen's data, and measure peak memory, each in a fresh process."""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import MAXRSS_SNIPPET, Figure, Result, Table, python_env, run_python
from benchmarks.deckgen import items_of, write_deck
from studydeck.store import open_store
from studydeck.store.schema import count_logged
from studydeck.store.times import to_text

QUEUE_TARGET_MS = 100.0
STATS_TARGET_MS = 300.0
RSS_TARGET_MB = 200.0
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)

# Measured in a fresh interpreter so that peak RSS is this work's alone.
_MEASURE = (
    MAXRSS_SNIPPET
    + """
import json, statistics, sys, time
from datetime import datetime
from pathlib import Path
folder, now, repeat = Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])
from studydeck.deck.loader import keep_for_the_session, load_decks
from studydeck.study import open_session, open_store
from studydeck.study.stats import deck_stats
out = {"rss_start": _peak_mb()}
t = time.perf_counter()
decks = [r.deck for r in load_decks([folder / "decks"])]
keep_for_the_session()  # as the app does once its decks are loaded
out["load_decks_ms"] = (time.perf_counter() - t) * 1000
out["rss_decks"] = _peak_mb()
t = time.perf_counter()
store = open_store(folder / "progress.sqlite3", now)
out["open_first_ms"] = (time.perf_counter() - t) * 1000
store.close()
t = time.perf_counter()
store = open_store(folder / "progress.sqlite3", now)
out["open_ms"] = (time.perf_counter() - t) * 1000
queue, stats = [], []
for _ in range(repeat):
    t = time.perf_counter()
    session = open_session(store, decks, now)
    queue.append((time.perf_counter() - t) * 1000)
    out["queue_items"] = session.remaining
for _ in range(repeat):
    t = time.perf_counter()
    result = deck_stats(store, decks, now)
    stats.append((time.perf_counter() - t) * 1000)
out["stats_reviews"] = sum(s.reviews for s in result)
t = time.perf_counter()
store.median_elapsed("no-such-type")
out["median_elapsed_scan_ms"] = (time.perf_counter() - t) * 1000
out["queue_ms"] = statistics.median(queue)
out["stats_ms"] = statistics.median(stats)
out["rss_peak"] = _peak_mb()
print(json.dumps(out))
"""
)


def _iso(base: datetime, seconds: float) -> str:
    return to_text(base + timedelta(seconds=seconds))


def build(folder: Path, cards: int, decks: int, reviews_per_card: int, seed: int = 3) -> int:
    """Write `decks` deck files and a progress file through the store's own schema.

    Rows go in with executemany in one transaction (the API's one-answer commits would take
    hours for a million rows). Returns the number of review rows.
    """
    rng = random.Random(seed)
    (folder / "decks").mkdir(parents=True)
    per_deck = cards // decks
    path = folder / "progress.sqlite3"
    open_store(path, NOW - timedelta(days=400)).close()  # creates the schema, as the app does
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # generation only: the file is thrown away
    conn.execute("BEGIN")
    total = 0
    for d in range(decks):
        deck_id = f"bench-{d:02d}"
        write_deck(folder / "decks" / f"{deck_id}.yaml", per_deck, deck_id, seed=d)
        items = items_of(per_deck)
        studied = [it for it in items if rng.random() < 0.9]
        n_reviews = per_deck * reviews_per_card
        total += n_reviews
        conn.executemany(
            "INSERT INTO items (deck_id, card_id, part, state, step, stability, difficulty,"
            " due, last_review, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            _states(deck_id, studied, rng),
        )
        conn.executemany(
            "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at,"
            " reviewed_at, answer, correct, rating, proposed, automatic, elapsed, state_before,"
            " state_after, step_after, stability_after, difficulty_after, due_after)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _reviews(deck_id, studied, n_reviews, rng),
        )
    count_logged(conn)  # the sums as a reader of the file left them
    conn.execute("COMMIT")
    conn.close()
    return total


def _states(
    deck_id: str, items: Sequence[tuple[str, str, str]], rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    for card_id, part, _ in items:
        roll = rng.random()
        state = "review" if roll < 0.9 else ("learning" if roll < 0.95 else "relearning")
        due_days = rng.uniform(-3, 60) if state == "review" else rng.uniform(-0.1, 0.5)
        stability = rng.uniform(1, 120)
        yield (
            deck_id,
            card_id,
            part,
            state,
            None if state == "review" else 0,
            stability,
            rng.uniform(1, 10),
            _iso(NOW, due_days * 86400),
            _iso(NOW, -rng.uniform(0.1, 60) * 86400),
            rng.randint(1, 20),
            rng.randint(0, 3),
        )


def _reviews(
    deck_id: str, items: Sequence[tuple[str, str, str]], count: int, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    # spread over the last year, oldest first (ids follow time, as in a real log)
    offsets = sorted(rng.uniform(-365, -0.01) * 86400 for _ in range(count))
    for seconds in offsets:
        card_id, part, kind = items[rng.randrange(len(items))]
        correct = rng.random() < 0.85
        when = _iso(NOW, seconds)
        yield (
            deck_id,
            card_id,
            part,
            kind,
            "0123456789abcdef",
            when,
            when,
            None if kind == "basic" else '"answer"',
            int(correct),
            3 if correct else 1,
            None if kind == "basic" else (3 if correct else 1),
            1,
            rng.uniform(2, 20),
            "review" if rng.random() < 0.8 else "learning",
            "review",
            None,
            rng.uniform(1, 100),
            rng.uniform(1, 10),
            _iso(NOW, seconds + rng.uniform(1, 30) * 86400),
        )


def measure(folder: Path, repeat: int) -> dict[str, float]:
    return run_python(
        _MEASURE, str(folder), NOW.isoformat(), str(repeat), env=python_env(), timeout=1800
    )


def run(
    sizes: Sequence[int] = (10_000, 100_000),
    decks: int = 20,
    reviews_per_card: int = 10,
    repeat: int = 3,
) -> Result:
    settings: dict[str, Any] = {
        "sizes (cards)": list(sizes),
        "decks": decks,
        "reviews_per_card": reviews_per_card,
        "repeat": repeat,
        "items": "90% studied; 90% of those in review, due -3..60 days",
        "queue": "open_session over all decks (today's plan)",
        "stats": "study.stats.deck_stats over all decks",
    }
    result = Result("scale", settings)
    rows: list[list[Any]] = []
    measured: dict[int, dict[str, float]] = {}
    for cards in sizes:
        with tempfile.TemporaryDirectory(prefix="studydeck-bench-scale-") as tmp:
            folder = Path(tmp)
            t0 = time.perf_counter()
            reviews = build(folder, cards, decks, reviews_per_card)
            build_s = time.perf_counter() - t0
            size_mb = (folder / "progress.sqlite3").stat().st_size / 1e6
            m = measure(folder, repeat)
            m.update(reviews=reviews, build_s=build_s, file_mb=size_mb)
            measured[cards] = m
        rows.append(
            [
                f"{cards:,}",
                f"{reviews:,}",
                f"{size_mb:.0f}",
                f"{m['load_decks_ms']:.0f}",
                f"{m['open_first_ms']:.0f}",
                f"{m['open_ms']:.0f}",
                f"{m['queue_ms']:.0f}",
                f"{m['stats_ms']:.0f}",
                f"{m['median_elapsed_scan_ms']:.1f}",
                f"{m['rss_decks']:.0f}",
                f"{m['rss_peak']:.0f}",
            ]
        )
    result.tables.append(
        Table(
            f"{decks} decks; times in ms (median of {repeat}), RSS in MB",
            [
                "cards",
                "reviews",
                "file MB",
                "load decks",
                "open (1st today)",
                "open",
                "queue",
                "stats",
                "median_elapsed scan",
                "RSS after decks",
                "peak RSS",
            ],
            rows,
        )
    )
    _figures(result, measured, list(sizes))
    return result


def _figures(result: Result, measured: dict[int, dict[str, float]], sizes: list[int]) -> None:
    big = max(sizes)
    m = measured[big]
    small = min(sizes)
    growth = big / small

    def grew(key: str) -> str:
        if len(sizes) < 2 or not measured[small][key]:
            return ""
        factor = m[key] / measured[small][key]
        return f"×{factor:.1f} for ×{growth:.0f} cards"

    label = f"{big:,} cards, {int(m['reviews']):,} reviews"
    result.figures += [
        Figure(f"open progress file ({label})", m["open_ms"], "ms", note=grew("open_ms")),
        Figure(
            f"open, first of the day (daily backup) ({label})",
            m["open_first_ms"],
            "ms",
            note=grew("open_first_ms"),
        ),
        Figure(
            f"today's queue ({label})",
            m["queue_ms"],
            "ms",
            target=f"≤ {QUEUE_TARGET_MS:.0f} ms",
            met=m["queue_ms"] <= QUEUE_TARGET_MS,
            note=grew("queue_ms") + f"; {int(m['queue_items']):,} items queued",
        ),
        Figure(
            f"stats screen data ({label})",
            m["stats_ms"],
            "ms",
            target=f"≤ {STATS_TARGET_MS:.0f} ms",
            met=m["stats_ms"] <= STATS_TARGET_MS,
            note=grew("stats_ms"),
        ),
        Figure(
            f"peak RSS ({label})",
            m["rss_peak"],
            "MB",
            m["rss_decks"],
            "after loading the decks only",
            f"≤ {RSS_TARGET_MB:.0f} MB",
            m["rss_peak"] <= RSS_TARGET_MB,
            grew("rss_peak"),
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(sizes=(1_000, 4_000), decks=4).to_json(), indent=2))
