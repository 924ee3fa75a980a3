"""The view for typed, numeric and cloze cards: one input, `enter` submits."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from studydeck.deck.models import ClozeCard, NumericCard
from studydeck.study import Answer, Grade
from studydeck.tui.text import literal
from studydeck.tui.widgets.card_view import CardView

if TYPE_CHECKING:
    from studydeck.tui.app import StudydeckApp


class EntryView(CardView):
    """A prompt and an input; an empty answer counts as "I don't know"."""

    def compose(self) -> ComposeResult:
        card = self.item.card
        if isinstance(card, ClozeCard):
            kind = "Fill in the blank […]"
        elif isinstance(card, NumericCard):
            kind = "Type a number"
        else:
            kind = "Type the answer"
        yield Static(kind, classes="card-kind")
        yield Static(literal(self.item.prompt_text), classes="prompt")
        yield Input(
            placeholder="your answer · enter submits · empty = I don't know",
            id="answer",
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = cast("StudydeckApp", self.app).cursor_blink
        field.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.answered:
            self.post_message(self.Answered(event.value.strip()))

    def show_result(self, grade: Grade, answer: Answer) -> None:
        super().show_result(grade, answer)
        field = self.query_one(Input)
        field.disabled = True
        field.add_class("-right" if grade.correct else "-wrong")
