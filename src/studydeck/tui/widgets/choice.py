"""The view for multiple choice and true/false: numbered options picked with `1`…`9`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from studydeck.deck.models import McqCard, TrueFalseCard
from studydeck.study import Answer, Grade, StudyItem
from studydeck.study.labels import LETTERS, letters_needed, option_labels
from studydeck.tui.text import literal
from studydeck.tui.widgets.card_view import CardView
from studydeck.tui.widgets.rows import RowContent, Rows


class ChoiceView(CardView):
    """Options numbered 1…9 (lettered a…i when they are numbers themselves): a number or
    letter picks (single choice) or toggles (pick all that apply)."""

    can_focus = True

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", "Pick / tick an option", show=False) for n in range(1, 10)),
        Binding("t", "truth(True)", "True", show=False),
        Binding("f", "truth(False)", "False", show=False),
        # options that are numbers are lettered (study/labels.py): their keys
        *(
            Binding(letter, f"pick({n}, 'letter')", "Pick / tick an option", show=False)
            for n, letter in enumerate(LETTERS, start=1)
        ),
        Binding("enter", "submit", "Submit the ticked options", show=False),
    ]

    def __init__(self, item: StudyItem, seed: int, *, id: str | None = None) -> None:
        super().__init__(item, seed, id=id)
        card = item.card
        self.chosen: set[int] = set()
        if isinstance(card, McqCard):
            self.texts = [o.text for o in card.options]
            count = len(card.options)
            self.order = self.shuffled(count) if card.shuffle else list(range(count))
            self.multiple = card.multiple
            self.kind = "Pick all that apply, then enter" if card.multiple else "Pick one"
        else:
            self.texts = ["True", "False"]
            self.order = [0, 1]
            self.multiple = False
            self.kind = "True or false?"
        self.lettered = letters_needed(self.texts)
        self.labels = option_labels([self.texts[i] for i in self.order])

    def compose(self) -> ComposeResult:
        yield Static(self.kind, classes="card-kind")
        yield Static(literal(self.item.prompt_text), classes="prompt")
        yield Rows(self.option_rows(), id="options")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.answered:
            return False
        if action == "pick":
            by_letter = parameters[1:] == ("letter",)
            number = parameters[0]
            return (
                by_letter == self.lettered and isinstance(number, int) and number <= len(self.texts)
            )
        if action == "truth":
            return isinstance(self.item.card, TrueFalseCard)
        if action == "submit":
            return self.multiple
        return True

    def action_pick(self, number: int, _label: str = "") -> None:
        index = self.order[number - 1]
        if self.multiple:
            self.chosen ^= {index}
            self.refresh_options()
            return
        self.chosen = {index}
        self.refresh_options()
        self.post_message(self.Answered(self.answer_for(self.chosen)))

    def action_truth(self, value: bool) -> None:
        self.action_pick(1 if value else 2)

    def action_submit(self) -> None:
        if not self.chosen:
            keys = "a–i" if self.lettered else "1–9"
            self.tell(f"Tick at least one option first ({keys}).")
            return
        self.post_message(self.Answered(self.answer_for(self.chosen)))

    def answer_for(self, chosen: set[int]) -> Answer:
        if isinstance(self.item.card, TrueFalseCard):
            return 0 in chosen
        return frozenset(chosen)

    def correct_indexes(self) -> set[int]:
        card = self.item.card
        if isinstance(card, TrueFalseCard):
            return {0 if card.answer else 1}
        assert isinstance(card, McqCard)
        return {i for i, o in enumerate(card.options) if o.correct}

    def show_result(self, grade: Grade, answer: Answer) -> None:
        if isinstance(answer, bool):
            self.chosen = {0 if answer else 1}
        elif isinstance(answer, frozenset):
            self.chosen = set(answer)
        super().show_result(grade, answer)
        self.refresh_options()

    def refresh_options(self) -> None:
        self.query_one("#options", Rows).update_rows(self.option_rows())

    def option_rows(self) -> list[RowContent]:
        rows: list[RowContent] = []
        correct = self.correct_indexes() if self.answered else set()
        for label, index in zip(self.labels, self.order, strict=True):
            picked = index in self.chosen
            style = ""
            if self.answered:
                # Marks as well as colours, so the result reads the same with NO_COLOR.
                if index in correct:
                    mark, style = "✓", "$text-success"
                elif picked:
                    mark, style = "✗", "$text-error"
                else:
                    mark = " "
            elif self.multiple:
                mark = "☑" if picked else "☐"
            else:
                mark = "●" if picked else "○"
            prefix = Content.styled(f"{label} {mark} ", f"bold {style}".strip())
            text = literal(self.texts[index], style)
            if self.answered and picked:
                rows.append((prefix, text, Content.styled("  ← your answer", "$text-muted")))
            else:
                rows.append((prefix, text))
        return rows
