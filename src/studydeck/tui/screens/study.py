"""The study screen: one item at a time, its answer, feedback and rating, until none is left."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from studydeck.deck.models import (
    BasicCard,
    ClozeCard,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studydeck.store import ProgressFileError
from studydeck.study import Answer, Grade, Rating, Session, StudyItem
from studydeck.tui.text import literal
from studydeck.tui.widgets.basic import BasicView
from studydeck.tui.widgets.card_view import CardView, item_seed
from studydeck.tui.widgets.choice import ChoiceView
from studydeck.tui.widgets.entry import EntryView
from studydeck.tui.widgets.feedback import FeedbackPanel, RatingBar
from studydeck.tui.widgets.match import MatchView
from studydeck.tui.widgets.order import OrderView
from studydeck.tui.widgets.progress import SessionProgress

if TYPE_CHECKING:
    from studydeck.tui.app import StudydeckApp

# question: a flashcard's front; answering: an auto-graded card waiting for the answer;
# rating: the answer is known (revealed or graded) and the learner picks or accepts a rating.
Phase = Literal["question", "answering", "rating"]


def view_for(item: StudyItem, seed: int) -> CardView:
    """The view that shows this kind of card."""
    card = item.card
    if isinstance(card, BasicCard):
        return BasicView(item, seed, id="view")
    if isinstance(card, McqCard | TrueFalseCard):
        return ChoiceView(item, seed, id="view")
    if isinstance(card, TypedCard | NumericCard | ClozeCard):
        return EntryView(item, seed, id="view")
    if isinstance(card, OrderCard):
        return OrderView(item, seed, id="view")
    if isinstance(card, MatchCard):
        return MatchView(item, seed, id="view")
    raise TypeError(f"no view for card type {card.type!r}")


class StudyScreen(Screen[None]):
    """A study session: shows `session.current`, records each answer before the next item."""

    TITLE = "Study"
    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer"),
        Binding("space,enter", "accept", "Accept"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("h,ctrl+t", "hint", "Hint", key_display="h"),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
        Binding("escape", "end", "End session"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False),
    ]

    def __init__(self, session: Session, title: str) -> None:
        super().__init__()
        self.session = session
        self.deck_title = title
        self.phase: Phase = "question"
        self.grade: Grade | None = None
        self.answer: Answer = None
        self.hint_used = False
        self.shown_at = 0.0
        self.elapsed = 0.0

    @property
    def studydeck(self) -> StudydeckApp:
        return cast("StudydeckApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static(literal(self.deck_title), id="deck-title")
            yield Static(id="item-state")
        yield SessionProgress(id="progress")
        yield VerticalScroll(id="body", can_focus=False)
        yield RatingBar(id="ratings")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show_current()

    @property
    def item(self) -> StudyItem | None:
        return self.session.current

    async def show_current(self) -> None:
        """Show the session's current item fresh, or the summary when the queue is empty."""
        item = self.session.current
        if item is None:
            self.finish()
            return
        self.phase = "question" if item.self_graded else "answering"
        self.grade = None
        self.answer = None
        self.hint_used = False
        self.elapsed = 0.0
        self.shown_at = self.studydeck.timer()
        progress = self.query_one(SessionProgress)
        progress.done = self.session.done
        progress.remaining = self.session.remaining
        if len(self.session.decks) > 1:
            # A session over several decks: say which deck this item comes from.
            heading = Content.styled(f"{self.deck_title} · ", "$text-muted") + literal(
                item.deck.title
            )
            self.query_one("#deck-title", Static).update(heading)
        state = "cram · " if self.session.cram else ""
        self.query_one("#item-state", Static).update(literal(state + item.state))
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        seed = item_seed(self.studydeck.clock().timestamp())
        view = view_for(item, seed)
        await body.mount(view, Static(id="hint"))
        self.query_one("#hint").display = False
        self.query_one(RatingBar).display = False
        body.scroll_home(animate=False)
        if view.can_focus:
            view.focus()
        elif not isinstance(view, EntryView):
            self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.phase == "question"
        if action in ("accept", "rate"):
            return self.phase == "rating"
        if action == "hint":
            return self.phase != "rating"
        return True

    def take_time(self) -> None:
        self.elapsed = max(self.studydeck.timer() - self.shown_at, 0.0)

    async def action_reveal(self) -> None:
        item = self.item
        if item is None:
            return
        self.take_time()
        view = self.query_one(CardView)
        assert isinstance(view, BasicView)
        view.reveal()
        await self.show_rating(item, None, Rating.GOOD)

    @on(CardView.Answered)
    async def answered(self, event: CardView.Answered) -> None:
        item = self.item
        if item is None or self.phase != "answering":
            return
        self.take_time()
        self.answer = event.answer
        grade = self.session.check(event.answer, hint_used=self.hint_used, elapsed=self.elapsed)
        self.grade = grade
        self.query_one(CardView).show_result(grade, event.answer)
        await self.show_rating(item, grade, grade.proposed)

    async def show_rating(self, item: StudyItem, grade: Grade | None, proposed: Rating) -> None:
        self.phase = "rating"
        self.set_focus(None)
        body = self.query_one("#body", VerticalScroll)
        await body.mount(FeedbackPanel(item, grade, id="feedback"))
        bar = self.query_one(RatingBar)
        try:
            intervals = self.session.intervals()
        except ProgressFileError as error:
            self.studydeck.progress_file_failed(error)
            return
        bar.show(intervals, proposed, cram=self.session.cram)
        bar.display = True
        self.refresh_bindings()
        # Bring the verdict into view when the question was long.
        self.call_after_refresh(self.query_one("#feedback").scroll_visible, animate=False)

    async def action_accept(self) -> None:
        await self.action_rate(int(self.grade.proposed if self.grade else Rating.GOOD))

    async def action_rate(self, number: int) -> None:
        if self.phase != "rating" or self.item is None:
            return
        if not self.record(Rating(number)):
            return
        await self.show_current()

    def record(self, rating: Rating) -> bool:
        """Store the answer durably; the next item is shown only after this returns True."""
        try:
            self.session.record(rating, answer=self.answer, grade=self.grade, elapsed=self.elapsed)
        except ProgressFileError as error:
            if error.damaged:  # no answer can be saved any more: say why and close
                self.studydeck.progress_file_failed(error)
                return False
            self.notify(
                f"{error.message}. {error.advice}",
                title="The answer was not saved",
                severity="error",
                timeout=15,
                markup=False,
            )
            return False
        return True

    def action_hint(self) -> None:
        item = self.item
        if item is None:
            return
        if not item.card.hint:
            self.notify("This card has no hint.", timeout=3)
            return
        self.hint_used = True
        hint = self.query_one("#hint", Static)
        hint.update(Content.styled("Hint: ", "bold") + literal(item.card.hint))
        hint.display = True

    async def action_undo(self) -> None:
        if self.phase == "rating":
            # The answer on screen is not saved yet: taking it back just asks again.
            self.notify("Answer taken back: try this one again.", timeout=3)
            await self.show_current()
            return
        try:
            undone = self.session.undo()
        except ProgressFileError as error:
            self.studydeck.progress_file_failed(error)
            return
        if not undone:
            self.notify("Nothing to undo in this session.", timeout=3)
            return
        self.notify("The last answer was taken back.", timeout=3)
        await self.show_current()

    async def action_end(self) -> None:
        # An auto-graded answer on screen is a real answer: keep it, with the proposed rating.
        # A revealed flashcard has no rating yet, so it is left as it was.
        if (
            self.phase == "rating"
            and self.grade is not None
            and not self.record(self.grade.proposed)
        ):
            return
        if self.session.done:
            self.finish()
        else:
            self.dismiss()

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        if pages < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()

    def finish(self) -> None:
        from studydeck.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session.summary(), cram=self.session.cram))
