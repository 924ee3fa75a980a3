"""The view for order cards: move items up and down, `enter` submits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from studydeck.deck.models import OrderCard
from studydeck.study import Answer, Grade, StudyItem
from studydeck.tui.text import literal
from studydeck.tui.widgets.card_view import CardView
from studydeck.tui.widgets.rows import RowContent, Rows


class OrderView(CardView):
    """A shuffled list: `↑`/`↓` choose an item, `shift+↑`/`shift+↓` (or `space` to grab, then
    arrows) move it, `enter` submits the order."""

    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Choose the item above", show=False),
        Binding("down,j", "cursor(1)", "Choose the item below", show=False),
        Binding("shift+up,K,minus", "move(-1)", "Move the item up", show=False),
        Binding("shift+down,J,plus", "move(1)", "Move the item down", show=False),
        Binding("space", "grab", "Grab / drop the item (then arrows move it)", show=False),
        Binding("enter", "submit", "Submit this order", show=False),
    ]

    def __init__(self, item: StudyItem, seed: int, *, id: str | None = None) -> None:
        super().__init__(item, seed, id=id)
        card = item.card
        assert isinstance(card, OrderCard)
        self.items = list(card.items)
        self.order = self.shuffled(len(self.items), never_identity=True)
        self.cursor = 0
        self.grabbed = False

    def compose(self) -> ComposeResult:
        yield Static("Put in order: ↑↓ choose · shift+↑↓ move · enter submits", classes="card-kind")
        yield Static(literal(self.item.prompt_text), classes="prompt")
        yield Rows(self.item_rows(), id="items")

    def action_cursor(self, delta: int) -> None:
        if self.grabbed:
            self.action_move(delta)
            return
        self.cursor = max(0, min(len(self.order) - 1, self.cursor + delta))
        self.refresh_list()

    def action_move(self, delta: int) -> None:
        target = self.cursor + delta
        if not 0 <= target < len(self.order):
            return
        self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
        self.cursor = target
        self.refresh_list()

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed
        self.refresh_list()

    def action_submit(self) -> None:
        self.grabbed = False
        self.post_message(self.Answered(list(self.order)))

    def show_result(self, grade: Grade, answer: Answer) -> None:
        if isinstance(answer, list):
            self.order = list(answer)
        super().show_result(grade, answer)
        self.refresh_list()

    def refresh_list(self) -> None:
        self.query_one("#items", Rows).update_rows(self.item_rows())

    def item_rows(self) -> list[RowContent]:
        rows: list[RowContent] = []
        for position, index in enumerate(self.order):
            style = ""
            if self.answered:
                # Item `index` belongs at position `index`: the deck lists them in order.
                right = index == position
                mark = "✓" if right else "✗"
                style = "$text-success" if right else "$text-error"
            elif position == self.cursor:
                mark = "↕" if self.grabbed else "›"
                style = "reverse" if self.grabbed else "bold $text-accent"
            else:
                mark = " "
            prefix = Content.styled(f"{mark} {position + 1}. ", f"bold {style}".strip())
            text = literal(self.items[index], style)
            if self.answered and index != position:
                note = Content.styled(f"  (belongs at {index + 1})", "$text-muted")
                rows.append((prefix, text, note))
            else:
                rows.append((prefix, text))
        return rows
