"""The study screen's keys: the footer and help show exactly the keys that work on the card on
screen, keys typed fast never act on a half-built screen, numeric answers that are not numbers
are asked again, numbers as options are lettered, messages stay off the controls."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input
from textual.widgets._footer import FooterKey

from studydeck.store import Store
from studydeck.tui.app import StudydeckApp
from studydeck.tui.screens.help import HelpScreen
from studydeck.tui.screens.study import StudyScreen
from studydeck.tui.widgets.card_view import CardView

from .conftest import FakeClock, build_app, read_deck, shown, write_deck
from .test_session import saved_reviews

TYPED_WITH_HINT = """\
  - id: treaty-city-hinted
    type: typed
    question: In which city was the treaty signed?
    answers: [Tashkent]
    hint: A capital in Central Asia.
"""

NUMERIC_WITH_TOLERANCE = """\
  - id: members-1992
    type: numeric
    question: About how many states signed in 1992?
    answer: 6
    tolerance: 1
"""

NUMBERS_AS_OPTIONS = """\
  - id: how-many-founders
    type: mcq
    question: How many states signed the treaty in 1992?
    shuffle: false
    options:
      - text: "2"
      - text: "4"
      - text: "6"
        correct: true
"""


def footer_keys(app: StudydeckApp) -> dict[str, str]:
    """What the footer shows: key as displayed → description."""
    return {key.key_display: key.description for key in app.screen.query(FooterKey)}


def study_screen(app: StudydeckApp) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), type(screen).__name__
    return screen


async def test_a_typed_card_shows_and_takes_only_keys_that_do_not_type(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "typed", [], extra=TYPED_WITH_HINT))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("ctrl+t") == "Hint" and keys.get("ctrl+z") == "Undo"
        assert keys.get("F1") == "Help" and keys.get("esc") == "End session"
        assert not {"h", "u", "?"} & set(keys), keys
        # the letters go into the answer, as the footer implies
        await pilot.press("h", "u", "question_mark")
        assert app.screen.query_one(Input).value == "hu?"
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("ctrl+t")
        assert "Hint: A capital in Central Asia." in shown(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        listed = {description: keys for keys, description in app.screen.keys}
        assert listed["Hint"] == "ctrl+t" and listed["Undo"] == "ctrl+z"
        assert listed["Help"] == "f1"
        await pilot.press("escape")
        # once graded, the box no longer takes letters: the letters are back
        app.screen.query_one(Input).value = "Tashkent"
        await pilot.press("enter")
        keys = footer_keys(app)
        assert keys.get("u") == "Undo" and keys.get("?") == "Help"
        assert "Hint" not in keys.values()  # a hint after the answer is no hint


async def test_hint_is_offered_only_where_the_card_has_one(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "plain", ["true_false", "basic"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert study_screen(app).session.current is not None
        assert "Hint" not in footer_keys(app).values()  # the true/false card has none
        await pilot.press("h")
        assert not app._notifications and "Hint" not in shown(app)
        await pilot.press("t", "space")  # answer, accept: the flashcard has a hint
        assert footer_keys(app).get("h") == "Hint"
        await pilot.press("h")
        assert "Hint: It starts with Y." in shown(app)


async def test_keys_typed_faster_than_the_screen_changes_are_ignored_not_fatal(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "fast", ["typed", "numeric", "cloze"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = study_screen(app)
        # The answer is in and its feedback is being put on screen when a rating key comes
        # (a fast typist's `enter 1`): the key must wait or be dropped, not tear the screen.
        answering = asyncio.create_task(screen.answered(CardView.Answered("Tashkent")))
        await asyncio.sleep(0)
        await app.run_action("rate(1)", screen)
        await answering
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert screen.phase == "rating" and saved_reviews(store) == 0
        await pilot.press("1")
        assert saved_reviews(store) == 1
        assert study_screen(app).phase == "answering"
        # and keys during the next card's mounting
        showing = asyncio.create_task(screen.show_current())
        await asyncio.sleep(0)
        await app.run_action("undo", screen)
        await showing
        await pilot.pause()
        assert app.is_running and saved_reviews(store) == 1


async def test_a_word_on_a_numeric_card_is_asked_again_not_graded(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "numbers", [], extra=NUMERIC_WITH_TOLERANCE))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = "six"
        await pilot.press("enter")
        screen = study_screen(app)
        assert screen.phase == "answering" and screen.grade is None
        assert "“six” is not a number. Type a number" in shown(app)
        assert saved_reviews(store) == 0
        field.value = "5"  # within the tolerance of 1
        await pilot.press("enter")
        assert screen.grade is not None and screen.grade.correct
        text = shown(app)
        assert "Exact value: 6" in text and "not a number" not in text


async def test_options_that_are_numbers_are_lettered(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "lettered", ["mcq"], extra=NUMBERS_AS_OPTIONS))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "1 ○ \nArticle 4" in shown(app)  # options in words keep their numbers
        await pilot.press("1", "space")
        text = shown(app)
        assert "a ○ \n2" in text and "c ○ \n6" in text and "1 ○" not in text
        await pilot.press("3")  # a number key is not an option here
        assert study_screen(app).phase == "answering"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        listed = {description: keys for keys, description in app.screen.keys}
        assert listed["Pick / tick an option"] == "a b c"
        assert "lettered a–i instead" in shown(app)  # the help says why
        await pilot.press("escape", "c")
        screen = study_screen(app)
        assert screen.grade is not None and screen.grade.correct


async def test_messages_stay_off_the_controls_and_go_with_the_card(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "msgs", ["true_false", "basic"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.notify("A toast from elsewhere")
        await pilot.press("u")  # nothing to undo yet
        screen = study_screen(app)
        notice = screen.query_one("#notice")
        assert notice.display and "Nothing to undo" in str(notice.render())
        await pilot.press("t")
        ratings, footer = screen.query_one("#ratings").region, screen.query_one("Footer").region
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(ratings) and not toast.region.overlaps(footer)
        await pilot.press("space")  # the next card: the message and the toast are gone
        await pilot.pause()
        assert not screen.query_one("#notice").display
        assert not app._notifications


async def test_text_wraps_at_a_readable_width_on_wide_terminals(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "wide", ["mcq"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # wrong: feedback with its why
        screen = study_screen(app)
        assert screen.query_one("#view").region.width <= 100
        assert screen.query_one("#feedback").region.width <= 100
