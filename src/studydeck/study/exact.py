"""The exact value behind a numeric answer accepted within the card's tolerance."""

from __future__ import annotations

from studydeck.deck.models import Card, NumericCard
from studydeck.study.grading import Answer, Grade
from studydeck.study.matching import parse_number


def exact_value(card: Card, grade: Grade | None, answer: Answer) -> str | None:
    """`Exact value: 1992`, when a numeric answer was right without being exact (the answer
    line is shown only for wrong answers, so the learner would not see it otherwise)."""
    if not isinstance(card, NumericCard) or grade is None or not grade.correct:
        return None
    given = parse_number(answer) if isinstance(answer, str) else None
    if given is not None and given == card.answer:
        return None
    return f"Exact value: {card.answer:g}"
