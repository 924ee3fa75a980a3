"""Sessions end to end on a real progress file: record, durability, undo, intervals, counts."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import open_store
from studydeck.study import Rating, deck_counts, open_session


def test_record_is_committed_before_returning(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    session = open_session(store, [deck], now=FakeClock())
    assert session.current is not None
    first = session.current.key
    session.record(Rating.GOOD, elapsed=3.0)
    # a second connection sees the row at once: it was committed, not left in a transaction
    other = sqlite3.connect(path)
    rows = other.execute("SELECT deck_id, card_id, part, rating, automatic FROM reviews").fetchall()
    other.close()
    assert rows == [("d", first.card_id, "", 3, 0)]
    store.close()


def test_session_goes_through_new_cards_then_ends(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b"), basic("c")])
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    seen = []
    while session.current is not None:
        seen.append(session.current.key.card_id)
        assert session.current.state == "new"
        session.record(Rating.EASY, elapsed=1.0)  # Easy graduates at once: no learning steps
        clock.advance(seconds=5)
    assert seen == ["a", "b", "c"]
    assert session.done == 3 and session.remaining == 0
    summary = session.summary()
    assert (summary.studied, summary.right, summary.wrong, summary.seconds) == (3, 3, 0, 3.0)


def test_intervals_preview_is_what_record_saves(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a")])
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    for days in (0, 3, 20, 60):  # walk one card through several reviews
        clock.now = T0 + timedelta(days=days * 3)
        session = open_session(store, [deck], now=clock)
        if session.current is None:
            continue
        preview = session.intervals()
        assert set(preview) == set(Rating)
        clock.advance(seconds=7)  # answering takes time; the interval must not change
        session.record(Rating.GOOD, elapsed=7)
        saved = store.item_state(("d", "a", ""))
        assert saved is not None and saved.last_review is not None
        assert saved.due - saved.last_review == preview[Rating.GOOD]


def test_undo_takes_back_the_answer_and_keeps_the_row(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    session.record(Rating.EASY, elapsed=2)
    assert store.item_state(("d", "a", "")) is not None
    assert session.current is not None and session.current.key.card_id == "b"
    assert session.undo() is True
    assert session.current is not None and session.current.key.card_id == "a"
    assert session.current.state == "new"
    assert store.item_state(("d", "a", "")) is None
    rows = store.reviews(include_undone=True)
    assert [(r.card_id, r.undone) for r in rows] == [("a", True)]
    assert session.undo() is False
    assert session.done == 0 and session.remaining == 2


def test_deck_counts(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b", reverse=True)], {"new_per_day": 2})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    counts = deck_counts(store, deck, clock())
    assert (counts.new, counts.due, counts.total, counts.last_studied) == (2, 0, 3, None)
    session = open_session(store, [deck], now=clock)
    session.record(Rating.AGAIN, elapsed=1)  # a: into learning, due in 1 minute
    clock.advance(minutes=2)
    counts = deck_counts(store, deck, clock())
    assert (counts.new, counts.due, counts.last_studied) == (1, 1, T0)
