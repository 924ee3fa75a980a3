"""The app around the sessions: home, help, the palette, small terminals, literal deck text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.tui.screens.help import HelpScreen
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.study import StudyScreen
from studydeck.tui.screens.too_small import TooSmallScreen

from .conftest import MARKUP_CARD, MARKUP_MCQ, FakeClock, build_app, read_deck, shown, write_deck

MARKUP_TITLE = "[b]Bold[/b] [@click=app.quit]deck[/]"


def home_rows(app: object) -> list[list[str]]:
    from textual.app import App

    assert isinstance(app, App)
    table: DataTable[Text] = app.screen.query_one("#decks", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_lists_each_deck_with_its_counts(
    all_kinds_deck: Deck, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    other = read_deck(write_deck(tmp_path, "two", ["basic", "typed"], title="Second deck"))
    app = build_app([all_kinds_deck, other], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = home_rows(app)
        assert rows[0][0] == "★ All due"
        # new today, due now, later today, questions (the cloze card has two), last studied
        assert rows[1][0] == "Every kind" and rows[1][4] == "10" and rows[1][5] == "never"
        assert rows[2] == ["Second deck", "2", "0", "0", "2", "never"]
        # every total is the sum of the decks' (one cloze blank waits for another day, and so
        # do two cards of "Every kind" whose text gives another's answer away: 7 new today)
        assert rows[1][1] == "7"
        assert rows[0][1:5] == ["9", "0", "0", "12"]
        assert rows[0][1:5] == [str(int(rows[1][i]) + int(rows[2][i])) for i in range(1, 5)]
        await pilot.press("down", "down", "enter")  # study the second deck
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("space", "1")  # Again: it comes back in minutes, today
        await pilot.pause()
        await pilot.press("escape", "enter")  # end, then leave the summary
        assert isinstance(app.screen, HomeScreen)
        assert home_rows(app)[2] == ["Second deck", "1", "0", "1", "2", "today"]


async def test_home_counts_stay_fresh_while_it_is_open(
    tmp_path: Path, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studydeck.study import open_session
    from studydeck.study.grading import Rating
    from studydeck.tui.screens import home

    monkeypatch.setattr(home, "REFRESH_SECONDS", 0.05)  # 30 s in the app
    deck = read_deck(write_deck(tmp_path, "one", ["basic", "typed"], title="Deck"))
    session = open_session(store, [deck], now=clock)
    session.record(Rating.AGAIN, elapsed=3)  # back in a few minutes
    app = build_app([deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert home_rows(app)[1][1:4] == ["1", "0", "1"]  # new today, due now, later today
        clock.advance(minutes=30)  # the learning step falls due while home is open
        await pilot.pause(0.2)
        assert home_rows(app)[1][1:4] == ["1", "1", "0"]


async def test_home_loads_deck_files_in_a_worker(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    write_deck(folder, "one", ["basic"], title="From a file")
    (folder / "broken.yaml").write_text("studydeck: 1\nid: Not A Slug\n", encoding="utf-8")
    app = build_app([], store, clock, deck_paths=[folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [row[0] for row in home_rows(app)] == ["★ All due", "From a file"]
        assert "1 deck file could not be loaded: broken.yaml" in shown(app)


async def test_the_deck_table_that_comes_with_loaded_decks_has_the_keys(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    # Decks from files arrive after the first frame, and their table with them.
    folder = tmp_path / "decks"
    folder.mkdir()
    write_deck(folder, "one", ["basic"], title="From a file")
    app = build_app([], store, clock, deck_paths=[folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#decks")
        await pilot.press("down", "enter")
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.deck_title == "From a file"


async def test_deck_text_is_shown_literally_and_triggers_nothing(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    path = write_deck(
        tmp_path, "markup", [], title=MARKUP_TITLE.replace('"', '\\"'), extra=MARKUP_CARD
    )
    deck = read_deck(path)
    app = build_app([deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert home_rows(app)[1][0] == MARKUP_TITLE
        await pilot.press("down")
        assert MARKUP_TITLE in shown(app)
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        text = shown(app)
        assert MARKUP_TITLE in text
        assert "Is [red]x[/red] red? [@click=app.quit]quit[/] and [/x] too" in text
        # Clicking where the "link" is drawn must not quit the app.
        await pilot.click("#view .prompt", offset=(25, 0))
        await pilot.press("space")
        assert "[b]not bold[/b] [link=https://example.invalid]no link[/link]" in shown(app)
        assert app.is_running
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running


async def test_feedback_hint_and_options_show_deck_text_literally(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "markup-mcq", [], extra=MARKUP_MCQ))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        text = shown(app)
        assert "Which is [bold]bold[/]?" in text
        assert "[b]right[/b]" in text and "[@click=app.bell]wrong[/]" in text
        assert "Hint: [@click=app.quit]hint[/]" in text
        await pilot.press("2")
        await pilot.pause()
        text = shown(app)
        assert "Answer: [b]right[/b]" in text
        assert "Not “[@click=app.bell]wrong[/]”: [/why] [link=x]why[/link]" in text
        assert "[red]explained[/red] [/x]" in text
        assert "The States Parties, [i]p. 4[/i]" in text
        assert app.is_running


async def test_help_lists_every_key_of_the_screen_below(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict((desc, keys) for keys, desc in app.screen.keys)
        assert keys["Cram"] == "c" and keys["Stats"] == "s" and keys["Quit"] == "q ctrl+q"
        assert keys["Study"] == "enter" and keys["Choose a deck"] == "↑ ↓"
        assert keys["Help"] == "? f1" and keys["Command palette"] == "ctrl+p"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the first item is a flashcard
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict((desc, keys) for keys, desc in app.screen.keys)
        assert keys["Show answer"] == "space enter"
        assert keys["Hint"] == "h ctrl+t" and keys["Undo"] == "u ctrl+z"
        assert keys["End session"] == "esc"
        assert "Again" not in keys  # the ratings work only once the answer is shown
        await pilot.press("escape", "space", "question_mark")
        keys = dict((desc, keys) for keys, desc in app.screen.keys)
        assert keys["Again"] == "1" and keys["Easy"] == "4" and "space" in keys["Accept"]


async def test_help_on_a_choice_card_lists_only_its_options(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "choice", ["mcq"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = dict((desc, keys) for keys, desc in app.screen.keys)
        assert keys["Pick / tick an option"] == "1 2 3"


async def test_a_small_terminal_gets_a_notice_until_it_grows(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80×24" in shown(app) and "This one is 70×20." in shown(app)
        await pilot.press("enter")  # keys do not reach the screen underneath
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_starts_a_cram_session(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"cram every")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.session.cram


async def test_a_second_session_cannot_start_inside_one(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    app = build_app([all_kinds_deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StudyScreen)
        app.study_all()
        await pilot.pause()
        assert sum(isinstance(s, StudyScreen) for s in app.screen_stack) == 1


async def test_study_all_due_names_each_items_deck(
    all_kinds_deck: Deck, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    other = read_deck(write_deck(tmp_path, "two", ["typed"], title="Second deck"))
    app = build_app([all_kinds_deck, other], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # "study all due" is the first row
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        item = screen.session.current
        assert item is not None
        assert f"All due · 2 decks · {item.deck.title}" in shown(app)


async def test_home_without_decks_says_how_to_get_some(store: Store, clock: FakeClock) -> None:
    app = build_app([], store, clock)
    async with app.run_test(size=(80, 24)):
        assert "No decks found." in shown(app)


def test_no_color_is_respected(
    monkeypatch: pytest.MonkeyPatch, all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    # Textual reads NO_COLOR when the app is built and draws in monochrome; every verdict and
    # chart also has a glyph (✓ ✗ ▸◂ ░▒▓█), so nothing is told by colour alone.
    monkeypatch.setenv("NO_COLOR", "1")
    assert build_app([all_kinds_deck], store, clock).no_color


async def test_the_stats_screen_counts_cards_and_questions_that_add_up(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    import re

    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        text = shown(app)
        # the cloze card has two blanks: 9 cards, 10 questions
        assert "9 cards · 10 questions · 0 due today · 0 answers" in text
        legend = re.search(
            r"not seen (\d+)\s+▒ learning (\d+)\s+█ review (\d+)\s+▓ relearning (\d+)", text
        )
        assert legend is not None and sum(map(int, legend.groups())) == 10


async def test_home_after_a_session_started_at_once_has_its_footer(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    # `studydeck study`: home is built under the session without its footer and table; they
    # come when it is first shown
    app = build_app([all_kinds_deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")  # end the session (nothing answered): home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.focused is app.screen.query_one(DataTable)
        picture = app.export_screenshot()
        for key in ("Cram", "Plan&#160;exam", "Stats", "Quit"):
            assert key in picture, key


async def test_what_the_app_has_loaded_is_frozen_once_the_first_card_is_drawn(
    all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    # Textual's objects too (`studydeck study` freezes its decks before importing the app):
    # otherwise the full collections that walk them come in the middle of answers
    import gc

    gc.unfreeze()
    try:
        app = build_app([all_kinds_deck], store, clock, study_on_start=True)
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, StudyScreen)
            await pilot.pause()
            frozen = gc.get_freeze_count()
            assert frozen > 10_000
            assert all(len(gc.get_objects(generation=g)) < frozen / 10 for g in (0, 1))
    finally:
        gc.unfreeze()
