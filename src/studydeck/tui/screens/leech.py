"""The question asked when a leech comes up: suspend it, keep it, or read its explanation first."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from studydeck.study import StudyItem
from studydeck.study.leeches import Leech
from studydeck.tui.text import literal

LeechAnswer = Literal["suspend", "keep", "later"]


class LeechScreen(ModalScreen[LeechAnswer]):
    """Over the study screen: this item is a leech. `s` suspends it, `k` keeps it, `e` shows
    its explanation here first; `escape` decides later (asked again next time)."""

    CSS_PATH = "leech.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('suspend')", "Suspend"),
        Binding("k", "choose('keep')", "Keep studying it"),
        Binding("e", "explain", "Explanation"),
        Binding("escape", "choose('later')", "Decide later"),
    ]

    def __init__(self, item: StudyItem, leech: Leech) -> None:
        super().__init__()
        self.item = item
        self.leech = leech

    def compose(self) -> ComposeResult:
        lapses = self.leech.lapses
        with Vertical(id="leech"):
            yield Static(Content.styled("A leech", "bold"), id="leech-title")
            yield Static(
                Content(
                    f"You have forgotten this card {lapses} time{'s' * (lapses != 1)} after "
                    f"learning it (this deck calls a card a leech after {self.leech.limit}). "
                    "Repeating it as it is may "
                    "not help: read its explanation, rewrite it for yourself, or set it aside."
                ),
                id="leech-text",
            )
            yield Static(id="leech-explanation")
            yield Static(
                Content.styled(
                    "s suspend (until you unsuspend it in stats) · k keep studying it · "
                    "e explanation first · escape later",
                    "$text-muted",
                ),
                id="leech-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#leech-explanation").display = False

    def action_explain(self) -> None:
        explanation = self.item.card.explanation
        shown = self.query_one("#leech-explanation", Static)
        if explanation:
            shown.update(Content.styled("Explanation: ", "bold") + literal(explanation))
        else:
            shown.update(
                Content("This card has no explanation. The answer: ")
                + literal(self.item.answer_text)
            )
        shown.display = True

    def action_choose(self, answer: LeechAnswer) -> None:
        self.dismiss(answer)
