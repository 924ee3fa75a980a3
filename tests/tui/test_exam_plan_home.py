"""Planning an exam from the home screen, and what the home screen says about it each day."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from textual.widgets import Input

from study_support import basic, make_deck
from studydeck.store import Store
from studydeck.study import Days
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.plan import PlanScreen

from .conftest import FakeClock, build_app, shown


async def test_plan_an_exam_from_home_and_see_it_each_day(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(30)], {"new_per_day": 2})
    app = build_app([deck], store, clock)
    today = Days(4, UTC).day_of(clock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Exam" not in shown(app)
        await pilot.press("down", "p")  # the deck's row, then plan
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        app.screen.query_one("#plan-date", Input).value = "2001-01-01"
        await pilot.press("enter")
        await pilot.pause()
        assert "That day has passed" in shown(app)
        app.screen.query_one("#plan-date", Input).value = (today + timedelta(days=6)).isoformat()
        app.screen.query_one("#plan-minutes", Input).value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = shown(app)
        assert "Exam in 6 days · Deck d · " in text
        assert "predicted recalled on the exam day · today 0 of 1 min" in text
        assert "budget too small for every card" in text
        # the plan raises new cards above the deck's 2 a day as far as the budget allows: a
        # minute is 4 new cards at 10 s an answer and 1.5 answers a new card
        home = app.screen
        assert isinstance(home, HomeScreen)
        (key, cells) = home.rows[1]
        assert key == "d" and cells[1].plain == "4"
    (plan,) = store.exam_plans()
    assert (plan.exam_day, plan.minutes) == (today + timedelta(days=6), 1)
