"""Feedback that reads well at 80×24: answers as lists, labelled reasons, marks kept whole.

These look at the screen as the learner sees it (plain text, line by line), not at the widgets.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.widgets import Static

from studydeck.store import Store
from studydeck.tui.widgets.feedback import FeedbackPanel

from .conftest import FakeClock, build_app, read_deck, shown, write_deck

# A right side with a semicolon: joined with "; " the pairs would run into each other.
NOTED_CAPITALS = """\
  - id: noted-capitals
    type: match
    prompt: Match each country with a note on its capital.
    pairs:
      - [Armenia, "Yerevan; the capital since 1918"]
      - [Kazakhstan, "Astana; the capital since 1997"]
      - [Belarus, Minsk]
"""

# Several right options, each with its own reason.
FOUNDERS = """\
  - id: founders
    type: mcq
    question: Which of these signed the treaty in 1992?
    shuffle: false
    options:
      - text: Armenia
        correct: true
        why: It signed in Tashkent.
      - text: Georgia
        why: Georgia signed in 1993.
      - text: Kazakhstan
        correct: true
        why: It signed in Tashkent, too.
"""

# A wrong option just long enough that "← your answer" reaches the end of the line.
LONG_OPTION = """\
  - id: article-one
    type: mcq
    question: Which commitment is set out in Article 1 of the treaty?
    shuffle: false
    options:
      - text: Not to use or threaten force against each other
        correct: true
      - text: Start joint consultations when a party's security is threatened
"""

# Items of many lengths, so some "(belongs at N)" marks fall at the end of a line.
LONG_ITEMS = """\
  - id: long-steps
    type: order
    prompt: Put these in order, earliest first.
    items:
      - "The first step of a long story, told here at some length: aaaa"
      - "The second step of a long story, told here at some length: bbbbb"
      - "The third step of a long story, told here at some length: cccccc"
      - "The fourth step of a long story, told here at some length: ddddddd"
      - "The fifth step of a long story, told here at some length: eeeeeeee"
      - "The sixth step of a long story, told here at some length: fffffffff"
      - "The seventh step of a long story, told here at some length: g"
      - "The eighth step of a long story, told here at some length: hh"
"""


def screen_lines(app: App[None]) -> list[str]:
    """The terminal as the learner sees it: one plain string per line, right-trimmed."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return [line.rstrip() for line in console.export_text().splitlines()]


def panel_lines(app: App[None]) -> list[str]:
    """The feedback panel's lines, without its left bar and the scrollbar."""
    lines = []
    for line in screen_lines(app):
        if line.startswith(" ▎"):
            lines.append(line.removeprefix(" ▎").rstrip(" ▁▂▃▄▅▆▇█").strip())
    return lines


async def test_a_wrong_match_lists_the_right_pairs_one_per_line(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "noted", [], extra=NOTED_CAPITALS))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for left in range(3):  # each left with the right side shown beside it: not all right
            await pilot.press(str(left + 1), str(left + 1))
        await pilot.press("enter")
        await pilot.pause()
        lines = panel_lines(app)
        assert "✗ Wrong" in lines
        for pair in (
            "Armenia → Yerevan; the capital since 1918",
            "Kazakhstan → Astana; the capital since 1997",
            "Belarus → Minsk",
        ):
            assert any(line.endswith(pair) for line in lines), (pair, lines)
        assert not any("1918; Kazakhstan" in line for line in lines), lines


async def test_a_wrong_order_lists_the_right_order_numbered(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "order", ["order"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the shuffled order as it is: never the right one
        await pilot.pause()
        lines = panel_lines(app)
        assert "✗ Wrong" in lines
        start = lines.index("Answer:")
        assert lines[start + 1 : start + 4] == [
            "1. Treaty signed",
            "2. Treaty in force",
            "3. CSTO founded",
        ]


async def test_reasons_for_several_right_options_say_which_option(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "founders", [], extra=FOUNDERS))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "3", "enter")
        await pilot.pause()
        text = shown(app)
        assert "✓ Right" in text
        assert "“Armenia”: It signed in Tashkent." in text
        assert "“Kazakhstan”: It signed in Tashkent, too." in text


async def test_a_single_right_option_keeps_its_reason_unlabelled(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    card = FOUNDERS.replace("      - text: Kazakhstan\n        correct: true\n", "")
    card = card.replace("        why: It signed in Tashkent, too.\n", "")
    deck = read_deck(write_deck(tmp_path, "founder", [], extra=card))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        panel = app.screen.query_one(FeedbackPanel)
        assert "It signed in Tashkent." in [str(w.visual) for w in panel.query(Static)]


async def test_your_answer_is_never_split_across_lines(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "long-option", [], extra=LONG_OPTION))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        lines = screen_lines(app)
        marked = [line for line in lines if "←" in line]
        assert len(marked) == 1 and marked[0].endswith("← your answer"), lines
        assert "answer" not in [line.strip() for line in lines]


async def test_belongs_at_is_never_split_across_lines(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "long-steps", [], extra=LONG_ITEMS))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app)]
        marks = [line for line in lines if "belongs" in line]
        assert len(marks) >= 4, lines
        assert all(line.endswith(")") for line in marks), marks
        assert not any(line.endswith("(belongs") or line.endswith("at") for line in marks)
