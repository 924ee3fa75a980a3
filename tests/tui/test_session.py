"""Whole study sessions driven through the keyboard, one per card type, plus undo and cram."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from studydeck.store import Store
from studydeck.tui.app import StudydeckApp
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.study import StudyScreen
from studydeck.tui.screens.summary import SummaryScreen
from studydeck.tui.widgets.match import MatchView
from studydeck.tui.widgets.order import OrderView

from .conftest import CARDS, FakeClock, build_app, read_deck, shown, write_deck


def saved_reviews(store: Store) -> int:
    """Reviews on disk, read through a second connection: only committed rows count."""
    with sqlite3.connect(store.path) as other:
        (count,) = other.execute("SELECT count(*) FROM reviews WHERE undone = 0").fetchone()
    return int(count)


def study_screen(app: StudydeckApp) -> StudyScreen:
    screen = app.screen
    assert isinstance(screen, StudyScreen), type(screen).__name__
    return screen


async def sort_order(pilot: Pilot[None], view: OrderView) -> None:
    """Put the items in the right order with the keys a learner would use."""
    for target in range(len(view.order)):
        position = view.order.index(target)
        while view.cursor < position:
            await pilot.press("down")
        while view.cursor > position:
            await pilot.press("up")
        for _ in range(position - target):
            await pilot.press("shift+up")
    assert view.order == sorted(view.order)


async def pair_all(pilot: Pilot[None], view: MatchView) -> None:
    """Pair each left with its right side by number keys: a left, then its right."""
    for left in range(len(view.lefts)):
        await pilot.press(str(left + 1))
        await pilot.press(str(view.right_order.index(left) + 1))
    assert view.pairs == {i: i for i in range(len(view.lefts))}


async def answer_right(pilot: Pilot[None], app: StudydeckApp) -> None:
    """Give the right answer to the item on screen, through its view."""
    screen = study_screen(app)
    item = screen.session.current
    assert item is not None
    kind = item.card.type
    if kind == "basic":
        await pilot.press("space")
    elif kind == "mcq":
        card = item.card
        assert card.type == "mcq"
        view = screen.query_one("#view")
        order: list[int] = view.order  # type: ignore[attr-defined]
        for index, option in enumerate(card.options):
            if option.correct:
                await pilot.press(str(order.index(index) + 1))
        if card.multiple:
            await pilot.press("enter")
    elif kind == "true_false":
        assert item.card.type == "true_false"
        await pilot.press("t" if item.card.answer else "f")
    elif kind in ("typed", "numeric", "cloze"):
        # Typing itself is Input's business; the value is set directly (each press costs time).
        screen.query_one(Input).value = item.answer_text.split(" ± ")[0]
        await pilot.press("enter")
    elif kind == "order":
        await sort_order(pilot, screen.query_one(OrderView))
        await pilot.press("enter")
    elif kind == "match":
        await pair_all(pilot, screen.query_one(MatchView))
        await pilot.press("enter")
    await pilot.pause()
    assert screen.phase == "rating"


@pytest.mark.parametrize("kind", list(CARDS))
async def test_a_whole_session_for_each_card_type(
    kind: str, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, f"only-{kind.replace('_', '-')}", [kind]))
    app = build_app([deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # the deck's row, under "study all due"
        answered = 0
        while isinstance(app.screen, StudyScreen):
            await answer_right(pilot, app)
            screen = study_screen(app)
            if screen.grade is not None:
                assert screen.grade.correct, screen.grade
                assert "✓ Right" in shown(app)
            await pilot.press("4")  # Easy: out of today's queue, so the session ends
            await pilot.pause()
            answered += 1
            # The answer is on disk before the next item (or the summary) is shown.
            assert saved_reviews(store) == answered
        assert isinstance(app.screen, SummaryScreen)
        text = shown(app)
        assert f"Answers          {answered}\n" in text
        assert "Right            " + str(answered) in text
        assert "Wrong            0" in text
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_feedback_shows_the_answer_why_explanation_and_source(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "feedback", ["mcq", "true_false"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # "Article 7": wrong
        await pilot.pause()
        text = shown(app)
        assert "✗ Wrong" in text
        assert "Answer: Article 4" in text
        assert "Not “Article 7”: Article 7 is about troops on members' territory." in text
        assert "▸1 Again" in text  # the proposal for a wrong answer
        await pilot.press("3")  # the learner overrides the proposal
        await pilot.pause()
        with sqlite3.connect(store.path) as other:
            row = other.execute("SELECT rating, proposed, correct FROM reviews").fetchone()
        assert row == (3, 1, 0)
        await pilot.press("f")  # the statement is true
        await pilot.pause()
        text = shown(app)
        assert "✗ Wrong" in text and "Answer: True" in text and "Six states signed it." in text


async def test_basic_card_shows_hint_explanation_and_source(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "flash", ["basic"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Yerevan" not in shown(app)
        await pilot.press("h")
        assert "Hint: It starts with Y." in shown(app)
        await pilot.press("enter")
        text = shown(app)
        assert "Yerevan has been the capital since 1918." in text
        assert "Source: Treaty on Collective Security, The States Parties, art. 4" in text
        await pilot.press("space")  # space on a revealed card is Good
        await pilot.pause()
        with sqlite3.connect(store.path) as other:
            assert other.execute("SELECT rating FROM reviews").fetchone() == (3,)


async def test_undo_takes_the_last_answer_back(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "undo", ["true_false", "typed"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = study_screen(app)
        first = screen.session.current
        assert first is not None
        await pilot.press("t", "4")
        await pilot.pause()
        assert saved_reviews(store) == 1
        assert screen.session.current is not None
        assert screen.session.current.key != first.key
        assert screen.query_one(Input).has_focus
        await pilot.press("ctrl+z")  # `u` would be typed into the answer field
        await pilot.pause()
        assert saved_reviews(store) == 0
        assert screen.session.current is not None
        assert screen.session.current.key == first.key
        assert "The treaty was signed in Tashkent." in shown(app)
        await pilot.press("f", "u")  # a slip, not yet rated: undo asks the same item again
        await pilot.pause()
        assert screen.phase == "answering"
        assert screen.session.current is not None
        assert screen.session.current.key == first.key
        assert saved_reviews(store) == 0


async def test_cram_goes_through_every_card_and_changes_nothing(
    all_kinds_deck: object, store: Store, clock: FakeClock
) -> None:
    from studydeck.deck.models import Deck

    assert isinstance(all_kinds_deck, Deck)
    app = build_app([all_kinds_deck], store, clock, study_on_start=True, cram=True)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = 0
        while isinstance(app.screen, StudyScreen):
            assert "cram" in shown(app)
            await answer_right(pilot, app)
            assert "cram: the schedule is not changed" in shown(app)
            await pilot.press("space")
            await pilot.pause()
            seen += 1
        assert seen == 10  # 9 cards, the cloze card has two deletions
        assert isinstance(app.screen, SummaryScreen)
        assert "Cram session over" in shown(app)
        assert "unchanged (cram)" in shown(app)
    assert saved_reviews(store) == 0
    assert store.states() == {}


async def test_escape_ends_early_with_a_summary_and_keeps_the_graded_answer(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "early", ["true_false", "numeric", "typed"]))
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "4")
        study_screen(app).query_one(Input).value = "1993"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # the wrong year is kept, with its proposal (Again)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = shown(app)
        assert "Answers          2\n" in text
        assert "Right            1" in text and "Wrong            1" in text
        assert saved_reviews(store) == 2


async def test_escape_while_typing_ends_the_session(
    tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "typing", ["typed"]))
    app = build_app([deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "T", "a")
        assert study_screen(app).query_one(Input).value == "Ta"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert saved_reviews(store) == 0


async def test_escape_before_any_answer_goes_home(
    all_kinds_deck: object, store: Store, clock: FakeClock
) -> None:
    from studydeck.deck.models import Deck

    assert isinstance(all_kinds_deck, Deck)
    app = build_app([all_kinds_deck], store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
