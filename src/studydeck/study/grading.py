"""Turning an answer into a grade: correct or not, and the rating proposed to the learner."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TypeAlias, assert_never

from studydeck.deck import models
from studydeck.deck import text as card_text
from studydeck.deck.models import AUTO_GRADED, Card
from studydeck.study.matching import match_text, parse_number

# The learner's answer, by card type (indexes as written in the deck):
# basic: None · mcq: frozenset of chosen options · true_false: bool · typed, cloze, numeric: str
# · order: item indexes in the learner's order · match: left index -> chosen right index
Answer: TypeAlias = frozenset[int] | bool | str | list[int] | dict[int, int] | None

SLOW_FACTOR = 2.5  # "much slower than usual": more than this times the learner's median …
SLOW_MINIMUM_S = 20.0  # … and at least this long, so quick cards are not marked Hard for 3 s


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Grade:
    correct: bool
    proposed: Rating
    almost: bool
    expected: str
    detail: str
    wrong_choices: tuple[int, ...] = ()


def is_self_graded(card: Card) -> bool:
    return card.type not in AUTO_GRADED


def grade(
    card: Card, part: str, answer: Answer, *, hint_used: bool, elapsed: float, usual: float | None
) -> Grade:
    """Grade an answer. Self-graded cards (basic) always come back correct with Good proposed:
    the learner's own rating decides."""
    expected = card_text.answer(card, part)
    correct, almost, detail, wrong = _check(card, part, answer)
    if not correct:
        return Grade(
            correct=False,
            proposed=Rating.AGAIN,
            almost=False,
            expected=expected,
            detail=detail,
            wrong_choices=wrong,
        )
    reasons = []
    if almost:
        reasons.append(detail)
    if hint_used:
        reasons.append("hint used")
    if usual is not None and elapsed > SLOW_FACTOR * usual and elapsed >= SLOW_MINIMUM_S:
        reasons.append(f"{elapsed:.0f} s, slower than your usual {usual:.0f} s")
    proposed = Rating.HARD if reasons else Rating.GOOD
    return Grade(
        correct=True,
        proposed=proposed,
        almost=almost,
        expected=expected,
        detail="; ".join(reasons) or detail,
        wrong_choices=wrong,
    )


def _check(card: Card, part: str, answer: Answer) -> tuple[bool, bool, str, tuple[int, ...]]:
    """(correct, almost, detail, wrong choices)"""
    match card:
        case models.BasicCard():
            return True, False, "", ()
        case models.TypedCard() | models.ClozeCard():
            given = answer if isinstance(answer, str) else ""
            m = match_text(given, card_text.accepted_answers(card, part))
            if m.almost:
                return (
                    True,
                    True,
                    f"Accepted {given.strip()!r} (one-letter slip) for {m.accepted!r}",
                    (),
                )
            return m.correct, False, "" if m.correct or given.strip() else "No answer given", ()
        case models.NumericCard():
            text = answer if isinstance(answer, str) else ""
            value = parse_number(text)
            if value is None:  # the session asks again for a non-number: this is "no answer"
                detail = f"{text.strip()!r} is not a number" if text.strip() else "No answer given"
                return False, False, detail, ()
            ok = abs(value - card.answer) <= card.tolerance + 1e-9 * max(1.0, abs(card.answer))
            return ok, False, "", ()
        case models.TrueFalseCard():
            return answer is card.answer, False, "", ()
        case models.McqCard():
            chosen = (
                frozenset(answer) if isinstance(answer, frozenset | set | list) else frozenset()
            )
            right = frozenset(i for i, o in enumerate(card.options) if o.correct)
            wrong = tuple(sorted(chosen - right))
            return chosen == right, False, "", wrong
        case models.OrderCard():
            order = list(answer) if isinstance(answer, list) else []
            return order == list(range(len(card.items))), False, "", ()
        case models.MatchCard():
            pairs = dict(answer) if isinstance(answer, dict) else {}
            ok = pairs == {i: i for i in range(len(card.pairs))}
            return ok, False, "", ()
        case _:
            assert_never(card)
