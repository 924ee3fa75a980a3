"""Plan an exam from the home screen: its date and the minutes a day, for a deck or all decks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from studydeck.tui.text import literal


@dataclass(frozen=True)
class PlanAnswer:
    """What the learner asked for: an exam day and minutes, or no plan (`remove`)."""

    exam_day: date | None
    minutes: int
    remove: bool = False


class PlanScreen(ModalScreen[PlanAnswer | None]):
    """Two fields, the exam date and minutes a day; `enter` saves, `ctrl+r` drops the plan,
    `escape` leaves things as they were."""

    CSS_PATH = "plan.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+r", "remove", "Remove plan"),
    ]

    def __init__(self, title: str, today: date, exam_day: date | None, minutes: int) -> None:
        super().__init__()
        self.deck_title = title
        self.today = today
        self.exam_day = exam_day
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(id="plan"):
            yield Static(Content.styled("Plan an exam · ", "bold") + literal(self.deck_title))
            yield Static(
                "Until the exam, each day's study is chosen so that as much as possible is "
                "recalled on the exam day, within your minutes a day.",
                id="plan-about",
            )
            yield Static("Exam date (YYYY-MM-DD)")
            yield Input(
                self.exam_day.isoformat() if self.exam_day else "",
                placeholder=self.today.isoformat(),
                id="plan-date",
            )
            yield Static("Minutes a day")
            yield Input(str(self.minutes), id="plan-minutes", type="integer")
            yield Static(id="plan-error")
            yield Static(
                Content.styled(
                    "enter saves · ctrl+r removes the plan · escape cancels", "$text-muted"
                )
            )

    @on(Input.Submitted)
    def submitted(self) -> None:
        text = self.query_one("#plan-date", Input).value.strip()
        error = self.query_one("#plan-error", Static)
        try:
            exam = date.fromisoformat(text)
        except ValueError:
            error.update(
                Content("Not a date: write it as YYYY-MM-DD, e.g. ")
                + literal(self.today.isoformat())
            )
            return
        if exam < self.today:
            error.update(Content("That day has passed: the exam must be today or later."))
            return
        try:
            minutes = int(self.query_one("#plan-minutes", Input).value)
        except ValueError:
            minutes = 0
        if not 1 <= minutes <= 1440:
            error.update(Content("Minutes a day: a whole number from 1 to 1440."))
            return
        self.dismiss(PlanAnswer(exam, minutes))

    def action_remove(self) -> None:
        self.dismiss(PlanAnswer(None, self.minutes, remove=True))

    def action_cancel(self) -> None:
        self.dismiss(None)
