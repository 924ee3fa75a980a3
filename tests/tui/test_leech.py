"""A leech coming up in the app: the question, its explanation, suspend and keep."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from study_support import basic, make_deck
from studydeck.deck.models import Deck
from studydeck.store import ItemKey, Store
from studydeck.study import Rating, open_session
from studydeck.tui.screens.leech import LeechScreen
from studydeck.tui.screens.stats import StatsScreen
from studydeck.tui.screens.study import StudyScreen
from studydeck.tui.widgets.suspended import SuspendedList

from .conftest import FakeClock, build_app, shown


def _leech(tmp_path: Path, store: Store, clock: FakeClock) -> Deck:
    """A deck whose card "a" lapsed once, its leech limit, and is due again."""
    card = basic("a", explanation="[b]Remember[/b] the capital.")
    settings = {"learning_steps": [], "relearning_steps": [], "leech_lapses": 1}
    deck = make_deck(tmp_path, "d", [card, basic("b")], {**settings, "new_per_day": 1})
    session = open_session(store, [deck], now=clock)
    session.record(Rating.GOOD, elapsed=1.0)  # "a" learned
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None
    clock.now = state.due + timedelta(hours=1)
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        if session.current.key.card_id == "a":
            session.record(Rating.AGAIN, elapsed=1.0)  # a lapse: a leech now
        else:
            session.record(Rating.EASY, elapsed=1.0)
    state = store.item_state(ItemKey("d", "a", ""))
    assert state is not None and state.lapses == 1
    clock.now = state.due + timedelta(hours=1)
    return deck


async def test_leech_is_offered_for_suspension_with_its_explanation(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = _leech(tmp_path, store, clock)
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # "b" may come first: answer until the leech's question is up
        while not isinstance(app.screen, LeechScreen):
            assert isinstance(app.screen, StudyScreen)
            await pilot.press("space", "4")
            await pilot.pause()
        assert "forgotten this card 1 time after" in shown(app)
        await pilot.press("e")
        assert "Explanation: [b]Remember[/b] the capital." in shown(app)  # literal, not markup
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, LeechScreen)
    assert store.leech_choices(["d"])[ItemKey("d", "a", "")].suspended


async def test_keeping_a_leech_studies_it_now(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = _leech(tmp_path, store, clock)
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while not isinstance(app.screen, LeechScreen):
            await pilot.press("space", "4")
            await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current is not None
        assert screen.session.current.key.card_id == "a"
    choice = store.leech_choices(["d"])[ItemKey("d", "a", "")]
    assert not choice.suspended and choice.lapses == 1


async def test_stats_screen_lists_suspended_leeches_and_unsuspends_them(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = _leech(tmp_path, store, clock)
    store.choose_leech(ItemKey("d", "a", ""), suspended=True, lapses=1, now=clock())
    app = build_app([deck], store, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        suspended = app.screen.query_one(SuspendedList)
        assert "a · F a" in str(suspended.get_option_at_index(0).prompt)
        assert "1 lapses" in str(suspended.get_option_at_index(0).prompt)
        suspended.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query(SuspendedList)
        assert "Suspended leeches\nnone" in shown(app)
    assert not store.leech_choices(["d"])[ItemKey("d", "a", "")].suspended
