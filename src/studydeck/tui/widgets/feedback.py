"""After an answer: right or wrong, the correct answer, why, the source; and the rating bar."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from studydeck.deck.models import Card, MatchCard, McqCard, OrderCard
from studydeck.deck.text import citation
from studydeck.study import Answer, Grade, Rating, StudyItem
from studydeck.study.exact import exact_value
from studydeck.tui.text import literal, short_duration
from studydeck.tui.widgets.rows import Rows

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


class FeedbackPanel(Vertical):
    """What the learner needs after answering: the verdict, the answer, why, where it is from.

    With `grade=None` (a revealed flashcard) only the explanation and the source are shown.
    """

    def __init__(
        self,
        item: StudyItem,
        grade: Grade | None,
        *,
        answer: Answer = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.item = item
        self.grade = grade
        self.answer = answer

    def compose(self) -> ComposeResult:
        grade, card = self.grade, self.item.card
        if grade is not None:
            if grade.correct:
                verdict = "✓ Right" + (" (almost)" if grade.almost else "")
                yield Static(Content.styled(verdict, "bold $text-success"), classes="verdict")
            else:
                yield Static(Content.styled("✗ Wrong", "bold $text-error"), classes="verdict")
            if grade.detail:
                yield Static(literal(grade.detail), classes="detail")
            if not grade.correct or grade.almost:
                yield from expected(card, grade)
            exact = exact_value(card, grade, self.answer)
            if exact:
                yield Static(Content.styled(exact, "bold"), classes="expected")
            if isinstance(card, McqCard):
                for index in grade.wrong_choices:
                    option = card.options[index]
                    if option.why:
                        why = Content.styled("Not ", "bold") + literal(f"“{option.text}”")
                        yield Static(why + Content(": ") + literal(option.why), classes="why")
                if grade.correct:
                    for option in card.options:
                        if option.correct and option.why:
                            why = literal(option.why)
                            if card.multiple:  # several reasons: say which option each is for
                                why = literal(f"“{option.text}”") + Content(": ") + why
                            yield Static(why, classes="why")
        if card.explanation:
            yield Static(literal(card.explanation), classes="explanation")
        source = citation(self.item.deck, card)
        if source:
            yield Static(Content.styled("Source: ", "bold") + literal(source), classes="source")


def expected(card: Card, grade: Grade) -> Iterator[Widget]:
    """The right answer. An order or a set of pairs is a list, one line each: joined on one
    line, the items run into each other (and into any `;` or `→` of their own)."""
    label = Content.styled("Answer:", "bold")
    if isinstance(card, OrderCard):
        yield Static(label, classes="expected")
        rows = [(Content(f"{n}. "), literal(text)) for n, text in enumerate(card.items, start=1)]
        yield Rows(rows, id="expected-list")
    elif isinstance(card, MatchCard):
        yield Static(label, classes="expected")
        arrow = Content.styled(" → ", "$text-muted")
        pairs = [
            (Content("• "), literal(left) + arrow + literal(right)) for left, right in card.pairs
        ]
        yield Rows(pairs, id="expected-list")
    else:
        answer = Content.styled("Answer: ", "bold") + literal(grade.expected)
        yield Static(answer, classes="expected")


class RatingBar(Static):
    """`1 Again <1m  2 Hard 6m  3 Good 10m  4 Easy 3d`, the proposal marked, and how to accept."""

    def show(
        self,
        intervals: Mapping[Rating, timedelta],
        proposed: Rating,
        *,
        cram: bool,
    ) -> None:
        parts: list[Content] = []
        for rating in Rating:
            label = f"{int(rating)} {RATING_NAMES[rating]}"
            if not cram and rating in intervals:
                label += f" {short_duration(intervals[rating])}"
            if rating == proposed:
                parts.append(Content.styled(f"▸{label}◂", "bold reverse $text-accent"))
            else:
                parts.append(Content.styled(f" {label} ", ""))
        line = Content("  ").join(parts)
        accept = f"space/enter: {RATING_NAMES[proposed]}"
        if cram:
            accept += " · cram: the schedule is not changed"
        self.update(line + Content("\n") + Content.styled(accept, "$text-muted"))
