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
from studydeck.study.words import clock_time
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
# rating: the answer is known (revealed or graded) and the learner picks or accepts a rating;
# busy: the screen is changing (a card or its feedback being mounted): keys that arrive
# meanwhile are ignored, so a fast typist cannot act on a half-built screen.
Phase = Literal["question", "answering", "rating", "busy"]


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

    TITLE = "Study"  # its CSS, study.tcss, is read with the app's (see StudydeckApp.CSS_PATH)
    HELP_NOTES = (
        "Options are numbered 1–9; when an option is itself a number, the options are "
        "lettered a–i instead, so a label is never read as an answer. While an answer is "
        "typed, letters go into it: hint, undo and help are then ctrl+t, ctrl+z and F1."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer"),
        Binding("space,enter", "accept", "Accept"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        # While an answer is typed, letters go into the answer box: hint and undo are then on
        # ctrl keys, and only those are shown. A key's first binding that check_action allows
        # is the one that runs and is shown; the hidden ones keep ctrl+t/ctrl+z working on
        # every card.
        Binding("h", "hint", "Hint"),
        Binding("ctrl+t", "hint('typing')", "Hint", key_display="ctrl+t"),
        Binding("ctrl+t", "hint", "Hint", show=False),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo('typing')", "Undo", key_display="ctrl+z"),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("escape", "end", "End session"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False),
    ]

    def __init__(self, session: Session, title: str) -> None:
        super().__init__()
        self.session = session
        self.deck_title = title
        self.phase: Phase = "busy"
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
        # The study screen's own messages go here, not in toasts: a toast would cover the
        # rating bar and outlive the card it is about.
        yield Static(id="notice")
        yield RatingBar(id="ratings")
        # The footer comes with the first card (`show_current`): the card's view takes the
        # focus and changes the keys on offer, and a footer already there would be built again
        # before the first card is on screen.

    async def on_mount(self) -> None:
        await self.show_current()

    @property
    def item(self) -> StudyItem | None:
        return self.session.current

    @property
    def typing(self) -> bool:
        """Whether keys go into an answer box now (the app's `?` gives way to F1 then)."""
        return self.phase == "answering" and isinstance(self.item_view(), EntryView)

    @property
    def letters_taken(self) -> bool:
        """Whether letters answer the card now (typed, or options lettered a…i): hint and
        undo are then on ctrl+t and ctrl+z."""
        view = self.item_view()
        lettered = isinstance(view, ChoiceView) and view.lettered
        return self.phase == "answering" and (self.typing or lettered)

    def item_view(self) -> CardView | None:
        return self.query_one_optional("#view", CardView)

    def say(self, text: str) -> None:
        """A short message under the card, until the next card (never over the controls)."""
        notice = self.query_one("#notice", Static)
        notice.update(literal(text))
        notice.display = True

    async def show_current(self) -> None:
        """Show the session's current item fresh, or the summary when the queue is empty."""
        item = self.session.current
        if item is None:
            self.finish()
            return
        # One frame for the whole change. Drawn at the first await (the old card removed), a
        # frame of the empty body made the new card's frame wait for Textual's next frame tick,
        # up to 1/60 s later: 12 ms of the 33 ms median from the rating key to the next card
        # (benchmarks/next_card_parts.py, in a tmux pane; 15 ms with this and the footer below).
        with self.app.batch_update():
            await self._show(item)

    async def _show(self, item: StudyItem) -> None:
        # keys are refused from here on (check_action); the footer, not drawn until the card
        # is in place, is refreshed once at the end (refreshed here too, it was rebuilt during
        # the old card's removal, which took 4 ms instead of 1)
        self.phase = "busy"
        self.app.clear_notifications()
        self.query_one("#notice").display = False
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
        self.phase = "question" if item.self_graded else "answering"
        self.refresh_bindings()
        if not self.query(Footer):
            self.mount(Footer())
        early = self.session.shown_early
        if early is not None:
            self.say(
                f"Shown early: nothing else is left, and this one is due again at "
                f"{clock_time(early)}."
            )
        leech = self.session.leech
        if leech is not None:
            from studydeck.tui.screens.leech import LeechScreen

            self.app.push_screen(LeechScreen(item, leech), self.leech_chosen)

    async def leech_chosen(self, answer: str | None) -> None:
        """The learner's choice for the leech on screen (study/leeches.py)."""
        try:
            if answer == "keep":
                self.session.keep_current()
            elif answer == "suspend":
                self.session.suspend_current()
                await self.show_current()
                self.say("Suspended: unsuspend it from the statistics (s on the home screen).")
        except ProgressFileError as error:  # nothing changed: the card stays on screen
            self.notify(
                f"{error.message}. {error.advice}",
                title="Your choice was not saved",
                severity="error",
                timeout=15,
                markup=False,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.phase == "busy":
            return action == "scroll"
        if action == "reveal":
            return self.phase == "question"
        if action in ("accept", "rate"):
            return self.phase == "rating"
        # ("typing",): the ctrl key, shown while an answer is typed; (): the letter, shown
        # otherwise, and the hidden ctrl key.
        by_ctrl = parameters == ("typing",)
        if action == "hint":
            item = self.item
            has_hint = item is not None and bool(item.card.hint)
            return has_hint and self.phase != "rating" and (by_ctrl == self.letters_taken)
        if action == "undo":
            return by_ctrl == self.letters_taken
        return True

    def take_time(self) -> None:
        self.elapsed = max(self.studydeck.timer() - self.shown_at, 0.0)

    async def action_reveal(self) -> None:
        item = self.item
        if item is None or self.phase != "question":
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
        problem = self.session.unreadable(event.answer)
        if problem is not None:
            # Not an answer this card can grade (a word on a numeric card): ask again.
            self.say(problem)
            return
        self.take_time()
        self.answer = event.answer
        grade = self.session.check(event.answer, hint_used=self.hint_used, elapsed=self.elapsed)
        self.grade = grade
        self.query_one(CardView).show_result(grade, event.answer)
        await self.show_rating(item, grade, grade.proposed)

    async def show_rating(self, item: StudyItem, grade: Grade | None, proposed: Rating) -> None:
        with self.app.batch_update():  # one frame for the feedback, as for a card (show_current)
            await self._show_rating(item, grade, proposed)

    async def _show_rating(self, item: StudyItem, grade: Grade | None, proposed: Rating) -> None:
        self.phase = "busy"  # until the feedback is in place: a key now would act on half of it
        self.query_one("#notice").display = False
        self.set_focus(None)
        body = self.query_one("#body", VerticalScroll)
        feedback = FeedbackPanel(item, grade, answer=self.answer, id="feedback")
        await body.mount(feedback)
        bar = self.query_one(RatingBar)
        try:
            intervals = self.session.intervals()
        except ProgressFileError as error:
            self.refresh_bindings()
            self.studydeck.progress_file_failed(error)
            return
        bar.show(intervals, proposed, cram=self.session.cram)
        bar.display = True
        self.phase = "rating"
        self.refresh_bindings()
        # Bring the verdict into view when the question was long.
        self.call_after_refresh(feedback.scroll_visible, animate=False)

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
            self.say(f"The answer was not saved: {error.message}. {error.advice}")
            return False
        return True

    def action_hint(self) -> None:
        item = self.item
        if item is None:
            return
        if not item.card.hint or self.phase == "rating":
            return  # not offered (check_action): nothing to do
        self.hint_used = True
        hint = self.query_one("#hint", Static)
        hint.update(Content.styled("Hint: ", "bold") + literal(item.card.hint))
        hint.display = True

    async def action_undo(self) -> None:
        if self.phase == "rating":
            # The answer on screen is not saved yet: taking it back just asks again.
            await self.show_current()
            self.say("Answer taken back: try this one again.")
            return
        try:
            undone = self.session.undo()
        except ProgressFileError as error:
            self.studydeck.progress_file_failed(error)
            return
        if not undone:
            self.say("Nothing to undo in this session.")
            return
        await self.show_current()
        self.say("The last answer was taken back.")

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
