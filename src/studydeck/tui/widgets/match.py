"""The view for match cards: pick a left and a right to pair them, `enter` submits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from studydeck.deck.models import MatchCard
from studydeck.study import Answer, Grade, StudyItem
from studydeck.tui.text import literal
from studydeck.tui.widgets.card_view import CardView
from studydeck.tui.widgets.rows import RowContent, Rows

LEFT, RIGHT = 0, 1


class MatchView(CardView):
    """Two columns: the left sides in deck order, the right sides shuffled.

    `↑`/`↓` choose in a column, `←`/`→` or `tab` switch column, `space` (or a number) picks the
    item; a picked left and a picked right become a pair. `backspace` unpairs, `enter` submits.
    """

    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Choose the item above", show=False),
        Binding("down,j", "cursor(1)", "Choose the item below", show=False),
        Binding("left,right,tab", "switch", "Switch column", show=False),
        Binding("space", "pick", "Pick the chosen item", show=False),
        *(
            Binding(str(n), f"pick({n})", "Pick item n of the column", show=False)
            for n in range(1, 10)
        ),
        Binding("backspace,delete", "unpair", "Undo the chosen pair", show=False),
        Binding("enter", "submit", "Submit the pairs", show=False),
    ]

    def __init__(self, item: StudyItem, seed: int, *, id: str | None = None) -> None:
        super().__init__(item, seed, id=id)
        card = item.card
        assert isinstance(card, MatchCard)
        self.lefts = [pair[0] for pair in card.pairs]
        self.rights = [pair[1] for pair in card.pairs]
        self.right_order = self.shuffled(len(self.rights), never_identity=True)
        self.pairs: dict[int, int] = {}  # left index -> right index (deck indexes)
        self.column = LEFT
        self.rows = [0, 0]
        self.picked: list[int | None] = [None, None]  # a row waiting for its partner

    def compose(self) -> ComposeResult:
        yield Static(
            # two numbers pair two sides: the first picks on the left, the second on the right
            "Match: a left number, then a right one (2 5) · ↑↓ ←→ space · enter submits",
            classes="card-kind",
        )
        yield Static(literal(self.item.prompt_text), classes="prompt")
        with Horizontal(id="columns"):
            yield Rows(self.left_rows(), id="lefts")
            yield Rows(self.right_rows(), id="rights")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.answered:
            return False
        if action == "pick" and parameters:
            return isinstance(parameters[0], int) and parameters[0] <= len(self.lefts)
        return True

    def action_cursor(self, delta: int) -> None:
        count = len(self.lefts)
        self.rows[self.column] = max(0, min(count - 1, self.rows[self.column] + delta))
        self.refresh_columns()

    def action_switch(self) -> None:
        self.column = RIGHT if self.column == LEFT else LEFT
        self.refresh_columns()

    def action_pick(self, number: int | None = None) -> None:
        if number is not None:
            self.rows[self.column] = number - 1
        row = self.rows[self.column]
        self.picked[self.column] = row
        left, right = self.picked
        if left is not None and right is not None:
            right_index = self.right_order[right]
            # A right side belongs to one pair: taking it from another left frees that left.
            self.pairs = {k: v for k, v in self.pairs.items() if v != right_index}
            self.pairs[left] = right_index
            self.picked = [None, None]
            self.column = LEFT
            unpaired = [i for i in range(len(self.lefts)) if i not in self.pairs]
            if unpaired:
                self.rows[LEFT] = unpaired[0]
        else:
            self.column = RIGHT if self.column == LEFT else LEFT
        self.refresh_columns()

    def action_unpair(self) -> None:
        row = self.rows[self.column]
        if self.column == LEFT:
            self.pairs.pop(row, None)
        else:
            right_index = self.right_order[row]
            self.pairs = {k: v for k, v in self.pairs.items() if v != right_index}
        self.picked = [None, None]
        self.refresh_columns()

    def action_submit(self) -> None:
        missing = len(self.lefts) - len(self.pairs)
        if missing:
            self.tell(f"Pair every item first ({missing} left).")
            return
        self.post_message(self.Answered(dict(self.pairs)))

    def show_result(self, grade: Grade, answer: Answer) -> None:
        if isinstance(answer, dict):
            self.pairs = dict(answer)
        super().show_result(grade, answer)
        self.refresh_columns()

    def refresh_columns(self) -> None:
        self.query_one("#lefts", Rows).update_rows(self.left_rows())
        self.query_one("#rights", Rows).update_rows(self.right_rows())

    def left_rows(self) -> list[RowContent]:
        rows: list[RowContent] = []
        for row, text in enumerate(self.lefts):
            style = ""
            if self.answered:
                right = self.pairs.get(row) == row  # pair i of the deck is left i with right i
                mark = "✓" if right else "✗"
                style = "$text-success" if right else "$text-error"
            else:
                mark = self.cursor_mark(LEFT, row)
                if mark != " ":
                    style = "bold $text-accent"
            prefix = Content.styled(f"{mark} {row + 1} ", f"bold {style}".strip())
            line = literal(text, style)
            paired = self.pairs.get(row)
            line += Content.styled(" → ", "$text-muted")
            line += literal(self.rights[paired]) if paired is not None else Content("?")
            if self.answered and paired != row:
                line += Content.styled(" (is ", "$text-muted") + literal(self.rights[row])
                line += Content.styled(")", "$text-muted")
            rows.append((prefix, line))
        return rows

    def right_rows(self) -> list[RowContent]:
        used = set(self.pairs.values())
        rows: list[RowContent] = []
        for row, index in enumerate(self.right_order):
            mark = " " if self.answered else self.cursor_mark(RIGHT, row)
            style = "$text-muted" if index in used else ""
            if mark != " ":
                style = "bold $text-accent"
            prefix = Content.styled(f"{mark} {row + 1} ", f"bold {style}".strip())
            rows.append((prefix, literal(self.rights[index], style)))
        return rows

    def cursor_mark(self, column: int, row: int) -> str:
        if self.picked[column] == row:
            return "●"
        if self.column == column and self.rows[column] == row:
            return "›"
        return " "
