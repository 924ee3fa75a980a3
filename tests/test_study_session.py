"""Sessions end to end on a real progress file: record, durability, undo, intervals, counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import ItemKey, ItemState, open_store
from studydeck.study import Days, Rating, deck_counts, open_session
from studydeck.study.rebuild import rebuild_state


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
        saved = store.item_state(ItemKey("d", "a", ""))
        assert saved is not None and saved.last_review is not None
        assert saved.due - saved.last_review == preview[Rating.GOOD]


def test_undo_takes_back_the_answer_and_keeps_the_row(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    session.record(Rating.EASY, elapsed=2)
    assert store.item_state(ItemKey("d", "a", "")) is not None
    assert session.current is not None and session.current.key.card_id == "b"
    assert session.undo() is True
    assert session.current is not None and session.current.key.card_id == "a"
    assert session.current.state == "new"
    assert store.item_state(ItemKey("d", "a", "")) is None
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
    session.record(Rating.AGAIN, elapsed=1)  # a: into learning, due in 10 minutes
    clock.advance(minutes=11)
    counts = deck_counts(store, deck, clock())
    assert (counts.new, counts.due, counts.last_studied) == (1, 1, T0)


def test_rebuild_from_log_equals_kept_state(tmp_path: Path) -> None:
    cards = [basic(f"c{i}", reverse=i % 3 == 0) for i in range(12)]
    cards.append({"id": "clz", "type": "cloze", "text": "{{a}} {{b}} {{c}}"})
    deck = make_deck(tmp_path, "d", cards, {"learning_steps": [1, 10], "new_per_day": 6})
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    ratings = [Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.GOOD, Rating.EASY, Rating.GOOD]
    n = 0
    for day in range(40):  # forty days of sessions with every rating, lapses and undo
        clock.now = T0 + timedelta(days=day)
        session = open_session(store, [deck], now=clock)
        while session.current is not None:
            session.record(ratings[n % len(ratings)], elapsed=3)
            n += 1
            if n % 7 == 0:
                assert session.undo()
                session.record(Rating.GOOD, elapsed=3)
            clock.advance(minutes=3)
    assert n > 100 and any(s.lapses for s in store.states().values())
    assert any(r.undone for r in store.reviews(include_undone=True))
    assert rebuild_state(store, [deck]) == store.states()


def test_cram_runs_through_everything_and_touches_nothing(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a", reverse=True), basic("b")], {"new_per_day": 1})
    path = tmp_path / "p.sqlite3"
    store = open_store(path, T0)
    clock = FakeClock()
    open_session(store, [deck], now=clock).record(Rating.EASY, elapsed=1)
    states, reviews = store.states(), store.review_count()
    session = open_session(store, [deck], now=clock, cram=True)
    assert session.cram and session.remaining == 3  # not due, siblings and over the new limit
    assert session.intervals() == {}
    shown = []
    while session.current is not None:
        shown.append((session.current.key.card_id, session.current.key.part))
        session.record(Rating.AGAIN, elapsed=2)
    # a card's reverse never right after its front (the answer was just shown)
    assert shown == [("a", ""), ("b", ""), ("a", "reverse")]
    assert session.undo() and session.current is not None
    assert session.current.key.part == "reverse"
    session.record(Rating.GOOD, elapsed=2)
    summary = session.summary()
    assert (summary.studied, summary.right, summary.wrong) == (3, 1, 2)
    assert store.states() == states and store.review_count() == reviews
    assert len(store.reviews(include_undone=True)) == reviews  # no rows at all, not even flagged


def test_auto_graded_record_keeps_answer_proposal_and_override(tmp_path: Path) -> None:
    options = [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C", "correct": True}]
    cards: list[dict[str, Any]] = [
        {"id": "q1", "type": "mcq", "question": "Pick", "options": options},
        {"id": "q2", "type": "typed", "question": "Capital?", "answers": ["Astana"]},
        {"id": "q3", "type": "match", "prompt": "Pair", "pairs": [["a", "1"], ["b", "2"]]},
    ]
    deck = make_deck(tmp_path, "d", cards)
    path = tmp_path / "p.sqlite3"
    store = open_store(path, T0)
    session = open_session(store, [deck], now=FakeClock())
    g = session.check(frozenset({2, 0}), hint_used=False, elapsed=4)
    assert g.correct and g.proposed == Rating.GOOD
    session.record(g.proposed, answer=frozenset({2, 0}), grade=g, elapsed=4)
    g = session.check("astana", hint_used=True, elapsed=4)
    assert g.proposed == Rating.HARD
    session.record(Rating.EASY, answer="astana", elapsed=4)  # grade from the last check
    session.check({0: 1, 1: 0}, hint_used=False, elapsed=4)
    session.record(Rating.AGAIN, answer={0: 1, 1: 0}, elapsed=4)
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT card_id, answer, correct, rating, proposed, automatic FROM reviews ORDER BY id"
    ).fetchall()
    conn.close()
    assert rows == [
        ("q1", "[0, 2]", 1, 3, 3, 1),
        ("q2", '"astana"', 1, 4, 2, 0),
        ("q3", '{"0": 1, "1": 0}', 0, 1, 1, 1),
    ]


def test_much_slower_than_usual_is_hard(tmp_path: Path) -> None:
    cards = [
        {"id": f"t{i}", "type": "true_false", "statement": "S", "answer": True} for i in range(8)
    ]
    deck = make_deck(tmp_path, "d", cards)
    store = open_store(tmp_path / "p.sqlite3", T0)
    session = open_session(store, [deck], now=FakeClock())
    for _ in range(5):  # the learner's usual: 6 s
        session.check(True, hint_used=False, elapsed=6)
        session.record(Rating.GOOD, answer=True, elapsed=6)
    assert session.check(True, hint_used=False, elapsed=14).proposed == Rating.GOOD
    slow = session.check(True, hint_used=False, elapsed=25)
    assert slow.proposed == Rating.HARD and "usual 6 s" in slow.detail


def test_summary_counts_due_tomorrow_and_next_week(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b"), basic("c"), basic("e")])
    store = open_store(tmp_path / "p.sqlite3", T0)
    with store.writing():  # e: a review due in 5 days
        due = T0 + timedelta(days=5)
        store.put_state(ItemKey("d", "e", ""), ItemState("review", None, 5, 5, due, T0, 1, 0))
    clock = FakeClock()
    session = open_session(store, [deck], now=clock, tz=UTC)
    session.record(Rating.AGAIN, elapsed=10)  # learning: due in a minute
    session.record(Rating.HARD, elapsed=10)  # learning: due in minutes
    session.record(Rating.EASY, elapsed=10)  # review: due in several days
    c = store.item_state(ItemKey("d", "c", ""))
    assert c is not None and c.due - T0 > timedelta(days=8)
    summary = session.summary()
    assert (summary.studied, summary.right, summary.wrong, summary.seconds) == (3, 2, 1, 30.0)
    # a and b come back in minutes: today's, not tomorrow's; e is due this week
    assert (summary.due_tomorrow, summary.due_next_week) == (0, 1)
    a = store.item_state(ItemKey("d", "a", ""))
    assert a is not None and a.due - T0 < timedelta(minutes=20)
    assert (summary.again_today, summary.next_today) == (2, a.due)


def test_undo_one_by_one_then_answer_again(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b"), basic("c")])
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock)
    first: list[object] = []
    for _ in range(3):
        first.append(session.intervals())
        session.record(Rating.EASY, elapsed=1)
        clock.advance(seconds=10)
    assert session.current is None
    for expected in ("c", "b", "a"):
        assert session.undo()
        assert session.current is not None and session.current.key.card_id == expected
    assert not session.undo() and store.states() == {}
    assert session.done == 0 and session.remaining == 3
    again: list[object] = []
    while session.current is not None:
        again.append(session.intervals())
        session.record(Rating.EASY, elapsed=1)
    assert again == first  # same item, same review count: the same fuzzed intervals
    rows = store.reviews(include_undone=True)
    assert [(r.card_id, r.undone) for r in rows] == [
        *(("a", True), ("b", True), ("c", True), ("a", False), ("b", False), ("c", False))
    ]
    assert rebuild_state(store, [deck]) == store.states()


def test_day_start_hour_is_checked() -> None:
    with pytest.raises(ValueError):
        Days(24)
