"""The flashcard view: the front, then the back once revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from studydeck.deck.models import BasicCard
from studydeck.study import Answer, Grade, StudyItem
from studydeck.tui.text import literal
from studydeck.tui.widgets.card_view import CardView


def back_text(item: StudyItem) -> str:
    """The side not shown as the prompt (the front, for a card studied in reverse)."""
    card = item.card
    assert isinstance(card, BasicCard)
    return card.front if item.key.part == "reverse" else card.back


class BasicView(CardView):
    """A self-graded flashcard: `space`/`enter` (on the screen) reveals the back."""

    def compose(self) -> ComposeResult:
        kind = "Flashcard, reversed" if self.item.key.part == "reverse" else "Flashcard"
        yield Static(kind, classes="card-kind")
        yield Static(literal(self.item.prompt_text), classes="prompt")
        yield Static(literal(back_text(self.item)), id="back", classes="answer")

    def reveal(self) -> None:
        self.query_one("#back").add_class("-shown")
        self.answered = True

    def show_result(self, grade: Grade, answer: Answer) -> None:
        self.reveal()
        super().show_result(grade, answer)
