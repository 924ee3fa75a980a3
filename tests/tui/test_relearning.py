"""Same-day relearning in the app: a question failed today comes back in the session, early
when nothing else is left (and the screen says so); the summary tells today from tomorrow."""

from __future__ import annotations

from pathlib import Path

from studydeck.store import Store
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.study import StudyScreen
from studydeck.tui.screens.summary import SummaryScreen

from .conftest import FakeClock, build_app, read_deck, shown, write_deck
from .test_app import home_rows


async def test_a_failed_question_comes_back_today_and_the_summary_says_when(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "again", ["true_false", "basic"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f", "space")  # wrong: Again proposed, accepted
        clock.advance(seconds=20)
        await pilot.press("space", "1")  # the flashcard: Again
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        # nothing else is left: the first failed one comes back early, and the screen says so
        item = screen.session.current
        assert item is not None and item.card.id == "signed-tashkent"
        assert "Shown early: nothing else is left, and this one is due again at 12:" in shown(app)
        await pilot.press("t", "space")  # right this time: Good, due tomorrow
        clock.advance(seconds=20)
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        text = shown(app)
        # the flashcard's step is still to come today: not counted as tomorrow's
        assert "Back today       1 again today, next at 12:1" in text
        assert "Due tomorrow     1 question\n" in text
        assert "Answers          3\n" in text
        assert "Time answering" in text and "Session length" in text
        await pilot.press("enter")  # home, counted now (not under the session)
        assert isinstance(app.screen, HomeScreen)
        rows = home_rows(app)
        assert rows[1][0] == "Deck again" and rows[1][3] == "1"  # later today: the flashcard


async def test_study_with_nothing_due_leaves_home_with_its_counts(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    from studydeck.study import open_session
    from studydeck.study.grading import Rating

    deck = read_deck(write_deck(tmp_path, "done", ["true_false"]))
    open_session(store, [deck], now=clock).record(Rating.EASY, elapsed=3)  # due in days
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert home_rows(app)[1][1:5] == ["0", "0", "0", "1"]
