"""Leeches through the real session and store: detection, suspend, keep, unsuspend, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from study_support import T0, FakeClock, basic, make_deck
from studydeck.deck.models import Deck
from studydeck.instructor.progress import progress_summary
from studydeck.store import ItemKey, Store, open_store
from studydeck.study import Rating, open_session
from studydeck.study.leeches import suspended_items, unsuspend
from studydeck.study.stats import deck_stats

# no steps: Good on a new card makes it a review at once, Again on a review is a lapse that
# stays in review state, so each study day below is one answer to "a"
_SETTINGS = {"learning_steps": [], "relearning_steps": [], "leech_lapses": 2}


def _deck(tmp_path: Path) -> Deck:
    return make_deck(tmp_path, "d", [basic("a")], _SETTINGS)


def _answer_a(store: Store, deck: Deck, clock: FakeClock, rating: Rating) -> None:
    """Open a session, answer item "a" with `rating`, leave."""
    session = open_session(store, [deck], now=clock)
    assert session.current is not None and session.current.key.card_id == "a"
    assert session.leech is None
    session.record(rating, elapsed=2.0)


def _lapse_twice(store: Store, deck: Deck, clock: FakeClock) -> None:
    _answer_a(store, deck, clock, Rating.GOOD)  # learned
    for _ in range(2):
        state = store.item_state(ItemKey("d", "a", ""))
        assert state is not None
        clock.now = state.due + timedelta(hours=1)
        _answer_a(store, deck, clock, Rating.AGAIN)  # forgotten: a lapse


def _leech_session(tmp_path: Path) -> tuple[Store, Deck, FakeClock]:
    deck = _deck(tmp_path)
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    _lapse_twice(store, deck, clock)
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None and state.lapses == 2
    clock.now = state.due + timedelta(hours=1)
    return store, deck, clock


def test_an_item_that_lapsed_the_decks_limit_comes_up_as_a_leech(tmp_path: Path) -> None:
    store, deck, clock = _leech_session(tmp_path)
    session = open_session(store, [deck], now=clock)
    assert session.current is not None and session.current.key.card_id == "a"
    leech = session.leech
    assert leech is not None and (leech.lapses, leech.limit) == (2, 2)
    # answering without choosing is fine: it stays a leech, asked about next time again
    session.record(Rating.GOOD, elapsed=1.0)
    store.close()


def test_suspending_a_leech_takes_it_out_of_every_queue_until_unsuspended(
    tmp_path: Path,
) -> None:
    store, deck, clock = _leech_session(tmp_path)
    session = open_session(store, [deck], now=clock)
    assert session.current is not None and session.leech is not None
    before = store.item_state(ItemKey("d", "a", ""))
    session.suspend_current()
    assert session.current is None  # the session moved on, and "a" is not coming back
    summary = session.summary()
    assert (summary.due_tomorrow, summary.due_next_week) == (0, 0)  # nor is it due
    for days in (0, 5, 60):  # days later it is still not queued, though due
        clock.now += timedelta(days=days)
        later = open_session(store, [deck], now=clock)
        keys = []
        while later.current is not None:
            keys.append(later.current.key.card_id)
            later.record(Rating.GOOD, elapsed=1.0)
        assert "a" not in keys
    assert store.item_state(ItemKey("d", "a", "")) == before  # its memory state is kept
    assert deck_stats(store, [deck], clock())[0].due_today == 0  # due, but not counted as due
    listed = suspended_items(store, [deck.id])
    assert [(s.card_id, s.lapses) for s in listed] == [("a", 2)]

    assert unsuspend(store, ItemKey("d", "a", ""), clock())
    assert not unsuspend(store, ItemKey("d", "a", ""), clock())  # not suspended any more
    assert suspended_items(store, [deck.id]) == []
    back = open_session(store, [deck], now=clock)
    assert back.current is not None and back.current.key.card_id == "a"
    assert back.leech is None  # unsuspending keeps it: no question at once
    store.close()


def test_kept_leech_is_asked_about_again_after_more_lapses(tmp_path: Path) -> None:
    store, deck, clock = _leech_session(tmp_path)
    session = open_session(store, [deck], now=clock)
    assert session.leech is not None
    session.keep_current()
    assert session.leech is None and session.current is not None
    session.record(Rating.AGAIN, elapsed=1.0)  # a third lapse: half the limit (1) more
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None and state.lapses == 3
    clock.now = state.due + timedelta(hours=1)
    again = open_session(store, [deck], now=clock)
    assert again.current is not None and again.current.key.card_id == "a"
    assert again.leech is not None and again.leech.lapses == 3
    store.close()


def test_leech_limit_is_a_deck_setting_defaulting_to_anki_s_eight(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a")])
    assert deck.settings.leech_lapses == 8
    strict = make_deck(tmp_path, "e", [basic("a")], {"leech_lapses": 3})
    assert strict.settings.leech_lapses == 3


def test_progress_export_carries_lapses_per_card(tmp_path: Path) -> None:
    store, deck, clock = _leech_session(tmp_path)
    summary = progress_summary(store, [deck], clock())
    cards = {c["id"]: c for c in summary["decks"][0]["cards"]}
    assert cards["a"]["lapses"] == 2
    other = progress_summary(store, [make_deck(tmp_path, "e", [basic("x")])], clock())
    assert other["decks"][0]["cards"][0]["lapses"] == 0
    store.close()


def test_a_renamed_card_stays_suspended(tmp_path: Path) -> None:
    store, deck, clock = _leech_session(tmp_path)
    store.choose_leech(ItemKey("d", "a", ""), suspended=True, lapses=2, now=T0)
    with store.writing():
        store.rename_card("d", "a", "a2", clock())
    assert [s.card_id for s in suspended_items(store, [deck.id])] == ["a2"]
    store.close()


def test_a_suspended_leech_in_relearning_does_not_hold_back_its_linked_cards(
    tmp_path: Path,
) -> None:
    # "a" is suspended while in a relearning step, so it stays due in the learning queue's
    # reach for good: its linked card "b" must not wait "another day" every day because of it
    settings = {"learning_steps": [], "relearning_steps": [10], "leech_lapses": 1}
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b", related=["a"])], settings)
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    first = open_session(store, [deck], now=clock)
    assert first.current is not None and first.current.key.card_id == "a"
    first.record(Rating.GOOD, elapsed=2.0)
    assert first.current is None  # "b" waits: it is linked to "a", shown today
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None
    clock.now = state.due + timedelta(hours=1)
    lapsed = open_session(store, [deck], now=clock)
    assert lapsed.current is not None and lapsed.current.key.card_id == "a"
    lapsed.record(Rating.AGAIN, elapsed=2.0)  # a lapse: a leech at once, in relearning
    assert lapsed.current is not None and lapsed.leech is not None
    lapsed.suspend_current()
    clock.now += timedelta(days=1)
    later = open_session(store, [deck], now=clock)
    assert later.current is not None and later.current.key.card_id == "b"
    store.close()
