"""The stats screen: figures per deck and for all decks, charts, tags."""

from __future__ import annotations

import re
from pathlib import Path

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.stats import Figures, StatsScreen, combined
from studydeck.tui.widgets.charts import BarChart, CalendarHeatmap, heat_level

from .conftest import FakeClock, build_app, read_deck, shown, study_for_days, write_deck

TAGGED = """\
  - id: tagged
    type: basic
    front: A tagged card
    back: Its back
    tags: [history, law]
"""


async def test_stats_per_deck_and_for_all(
    all_kinds_deck: Deck, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    other = read_deck(write_deck(tmp_path, "tags", [], title="Tagged", extra=TAGGED))
    study_for_days(store, [all_kinds_deck, other], clock, 24)
    app = build_app([all_kinds_deck, other], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = shown(app)
        assert "All decks" in text and "10 cards" in text
        assert "Retention, last 30 days: — (see each deck)" in text
        assert len(app.screen.query(BarChart)) == 2
        assert len(app.screen.query(CalendarHeatmap)) == 1
        await pilot.press("down")
        await pilot.pause()
        text = shown(app)
        assert "Every kind" in text and "9 cards" in text
        assert re.search(r"Retention, last 30 days: \d+%", text)
        await pilot.press("down")
        await pilot.pause()
        text = shown(app)
        assert "history" in text and "law" in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def test_heat_levels_rise_by_quarters_of_the_busiest_day() -> None:
    assert [heat_level(n, 20) for n in (0, 1, 5, 6, 10, 11, 15, 16, 20)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_all_decks_keep_a_retention_only_when_one_deck_has_one() -> None:
    one = Figures("one", retentions=[0.8])
    unstudied = Figures("unstudied")
    assert combined("all", [one, unstudied]).retention == 0.8
    assert combined("all", [one, Figures("two", retentions=[0.6])]).retention is None
