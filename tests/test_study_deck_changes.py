"""Decks that change under the learner: edited, removed, returning and renamed cards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import ItemKey, open_store
from studydeck.study import Rating, deck_counts, open_session
from studydeck.study.rebuild import rebuild_state


def test_changed_card_keeps_progress_and_log_shows_the_change(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    deck = make_deck(tmp_path, "d", [basic("a")])
    open_session(store, [deck], now=clock).record(Rating.EASY, elapsed=1)
    before = store.item_state(ItemKey("d", "a", ""))
    edited = make_deck(tmp_path, "d", [basic("a", back="A better answer")])
    clock.advance(days=30)
    session = open_session(store, [edited], now=clock)
    assert session.current is not None and session.current.state == "review"
    assert session.current.answer_text == "A better answer"
    session.record(Rating.GOOD, elapsed=1)
    after = store.item_state(ItemKey("d", "a", ""))
    assert before is not None and after is not None and after.reps == before.reps + 1
    conn = sqlite3.connect(tmp_path / "p.sqlite3")
    hashes = [r[0] for r in conn.execute("SELECT content_hash FROM reviews ORDER BY id")]
    conn.close()
    assert len(hashes) == 2 and hashes[0] != hashes[1]
    assert hashes == [deck.cards[0].content_hash(), edited.cards[0].content_hash()]


def test_removed_card_leaves_the_queue_and_comes_back_with_its_history(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    full = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    session = open_session(store, [full], now=clock)
    session.record(Rating.EASY, elapsed=1)
    session.record(Rating.EASY, elapsed=1)
    kept = store.item_state(ItemKey("d", "b", ""))
    clock.advance(days=60)  # both are due by now
    smaller = make_deck(tmp_path, "d", [basic("a")])
    session = open_session(store, [smaller], now=clock)
    assert session.remaining == 1 and session.current is not None
    assert session.current.key.card_id == "a"
    assert deck_counts(store, smaller, clock()).total == 1
    assert [r.card_id for r in store.reviews()] == ["a", "b"]  # history stays
    assert store.item_state(ItemKey("d", "b", "")) == kept
    session.record(Rating.GOOD, elapsed=1)
    back = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    session = open_session(store, [back], now=clock)
    assert session.current is not None and session.current.key.card_id == "b"
    assert session.current.state == "review"  # not new: its progress came back with it


def test_renamed_card_carries_its_progress(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    old = make_deck(tmp_path, "d", [basic("kz", reverse=True), basic("other")])
    session = open_session(store, [old], now=clock)
    session.record(Rating.EASY, elapsed=1)  # kz
    session.record(Rating.EASY, elapsed=1)  # other (kz/reverse is a sibling: another day)
    clock.advance(days=1)
    session = open_session(store, [old], now=clock)
    assert session.current is not None and session.current.key.part == "reverse"
    session.record(Rating.EASY, elapsed=1)
    states = store.states("d")
    renamed = make_deck(
        tmp_path, "d", [basic("kazakhstan", reverse=True, previous_ids=["kz"]), basic("other")]
    )
    clock.advance(days=30)
    counts = deck_counts(store, renamed, clock())  # the deck list sees the move too
    assert counts.new == 0
    moved = store.states("d")
    assert moved[ItemKey("d", "kazakhstan", "")] == states[ItemKey("d", "kz", "")]
    assert moved[ItemKey("d", "kazakhstan", "reverse")] == states[ItemKey("d", "kz", "reverse")]
    assert ("d", "kz", "") not in moved
    assert store.renames() == {("d", "kz"): "kazakhstan"}
    session = open_session(store, [renamed], now=clock)
    shown = []
    while session.current is not None:
        assert session.current.state == "review"
        shown.append(session.current.key.card_id)
        session.record(Rating.GOOD, elapsed=1)
        clock.advance(seconds=5)
    assert "kazakhstan" in shown
    assert {r.card_id for r in store.reviews()} == {"kz", "kazakhstan", "other"}
    # the log, replayed through the renames, still agrees with the kept state
    assert rebuild_state(store, [renamed]) == store.states()


def test_rename_never_overwrites_existing_progress(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    deck = make_deck(tmp_path, "d", [basic("x"), basic("b")])
    session = open_session(store, [deck], now=clock)
    session.record(Rating.EASY, elapsed=1)
    session.record(Rating.AGAIN, elapsed=1)
    states = store.states("d")
    # "b" says it used to be "x", but "b" has progress of its own: nothing is merged or lost
    clash = make_deck(tmp_path, "d", [basic("b", previous_ids=["x"])])
    open_session(store, [clash], now=clock)
    assert store.states("d") == states and store.renames() == {}
