"""The app fits the scheduler to the learner's answers by itself, in the background, when
`refit_due` says so, and says so in one line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fit_support import simulate
from studydeck.deck.models import Deck
from studydeck.store import open_store
from studydeck.tui.app import StudydeckApp

from .conftest import T0, FakeClock, build_app

FITTED = "Fitted to your memory from "


def _notes(app: StudydeckApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_app_fits_in_the_background_and_says_so(
    tmp_path: Path, all_kinds_deck: Deck, clock: FakeClock
) -> None:
    start = T0 - timedelta(days=61)
    path = tmp_path / "fitted.sqlite3"
    with open_store(path, start) as history:
        simulate(history, cards=150, days=60, start=start)
    store = open_store(path, T0)
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        # started after the first frame, in a child process: under way now, or already done
        # when the app's start was slow (the child imports little: it can take under a second)
        assert app._fitting or store.fits()
        await pilot.press("question_mark")
        for _ in range(600):  # a child process: imports, reads the log, fits (seconds at most)
            await pilot.pause(0.05)
            if not app._fitting:
                break
        notes = [n for n in _notes(app) if n.startswith(FITTED)]
    assert len(notes) == 1 and "it now predicts your recall better (log loss " in notes[0]
    (fit,) = store.fits()
    assert fit.accepted and notes[0].startswith(f"{FITTED}{fit.reviews:,} reviews")
    assert store.parameters_in_use() == fit.parameters
    # due again only once the log has grown by a fifth
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app._fitting
    store.close()


async def test_no_fit_while_reviews_are_few(
    tmp_path: Path, all_kinds_deck: Deck, clock: FakeClock
) -> None:
    start = T0 - timedelta(days=5)
    path = tmp_path / "few.sqlite3"
    with open_store(path, start) as history:
        simulate(history, cards=30, days=4, start=start)
    store = open_store(path, T0)
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app._fitting
        app.study_all()
        await pilot.pause()
        assert not app._fitting
    assert store.fits() == []
    store.close()


async def test_the_fit_starts_once_home_has_loaded_its_decks(
    tmp_path: Path, all_kinds_deck: Deck, clock: FakeClock
) -> None:
    # `studydeck`: home loads the deck files in a worker; the fit check waits for its counts
    start = T0 - timedelta(days=61)
    path = tmp_path / "fitted.sqlite3"
    with open_store(path, start) as history:
        simulate(history, cards=150, days=60, start=start)
    store = open_store(path, T0)
    app = build_app([], store, clock, deck_paths=[tmp_path / "all-kinds.yaml"])
    async with app.run_test() as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if app.library.loaded and (app._fitting or store.fits()):
                break
        assert app.library.deck("all-kinds") is not None
        assert app._fitting or store.fits()
        for _ in range(600):
            await pilot.pause(0.05)
            if not app._fitting:
                break
    assert len(store.fits()) == 1
    store.close()
