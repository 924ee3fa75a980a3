"""Turning an answer into a grade: correct or not, and the rating proposed to the learner."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import TypeAlias

from studydeck.deck.cloze import Cloze, Deletion, parse_cloze
from studydeck.deck.models import (
    AUTO_GRADED,
    BasicCard,
    Card,
    ClozeCard,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
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


def _graded(
    correct: bool,
    proposed: Rating,
    almost: bool,
    expected: str,
    detail: str,
    wrong_choices: tuple[int, ...],
) -> Grade:
    """Grade(…), its fields filled in directly: the frozen dataclass's __init__ sets each one
    through object.__setattr__, twice the instructions (every auto-graded answer makes one)."""
    made = object.__new__(Grade)
    made.__dict__.update(
        {
            "correct": correct,
            "proposed": proposed,
            "almost": almost,
            "expected": expected,
            "detail": detail,
            "wrong_choices": wrong_choices,
        }
    )
    return made


def is_self_graded(card: Card) -> bool:
    return card.type not in AUTO_GRADED


def expected_text(card: Card, part: str) -> str:
    """The correct answer as plain text, for feedback."""
    match card:
        case BasicCard():
            return card.front if part == "reverse" else card.back
        case ClozeCard():
            return _deletion(card, part).answers[0]
        case McqCard():
            return "; ".join(o.text for o in card.options if o.correct)
        case TrueFalseCard():
            return "True" if card.answer else "False"
        case TypedCard():
            return card.answers[0]
        case NumericCard():
            value = f"{card.answer:g}"
            return f"{value} ± {card.tolerance:g}" if card.tolerance else value
        case OrderCard():
            return " → ".join(card.items)
        case MatchCard():
            return "; ".join(f"{left} → {right}" for left, right in card.pairs)
    raise TypeError(f"unknown card type {card.type!r}")


def grade(
    card: Card, part: str, answer: Answer, *, hint_used: bool, elapsed: float, usual: float | None
) -> Grade:
    """Grade an answer. Self-graded cards (basic) always come back correct with Good proposed:
    the learner's own rating decides."""
    expected = expected_text(card, part)
    correct, almost, detail, wrong = _check(card, part, answer)
    if not correct:
        return _graded(False, Rating.AGAIN, False, expected, detail, wrong)
    reasons = []
    if almost:
        reasons.append(detail)
    if hint_used:
        reasons.append("hint used")
    if usual is not None and elapsed > SLOW_FACTOR * usual and elapsed >= SLOW_MINIMUM_S:
        reasons.append(f"{elapsed:.0f} s, slower than your usual {usual:.0f} s")
    proposed = Rating.HARD if reasons else Rating.GOOD
    return _graded(True, proposed, almost, expected, "; ".join(reasons) or detail, wrong)


@lru_cache(maxsize=1024)
def _parsed(text: str) -> Cloze:
    """A cloze text's deletions, parsed once for the answers that follow (Cloze is frozen)."""
    return parse_cloze(text)


def _deletion(card: ClozeCard, part: str) -> Deletion:
    deletions = _parsed(card.text).deletions
    try:
        return deletions[int(part.removeprefix("c")) - 1]
    except (ValueError, IndexError):
        raise ValueError(f"card {card.id!r} has no cloze deletion {part!r}") from None


def _check(card: Card, part: str, answer: Answer) -> tuple[bool, bool, str, tuple[int, ...]]:
    """(correct, almost, detail, wrong choices)"""
    match card:
        case BasicCard():
            return True, False, "", ()
        case TypedCard() | ClozeCard():
            given = answer if isinstance(answer, str) else ""
            accepted = card.answers if isinstance(card, TypedCard) else _cloze_answers(card, part)
            m = match_text(given, accepted)
            if m.almost:
                return (
                    True,
                    True,
                    f"Accepted {given.strip()!r} (one-letter slip) for {m.accepted!r}",
                    (),
                )
            return m.correct, False, "" if m.correct or given.strip() else "No answer given", ()
        case NumericCard():
            text = answer if isinstance(answer, str) else ""
            value = parse_number(text)
            if value is None:  # the session asks again for a non-number: this is "no answer"
                detail = f"{text.strip()!r} is not a number" if text.strip() else "No answer given"
                return False, False, detail, ()
            ok = abs(value - card.answer) <= card.tolerance + 1e-9 * max(1.0, abs(card.answer))
            return ok, False, "", ()
        case TrueFalseCard():
            return answer is card.answer, False, "", ()
        case McqCard():
            chosen = (
                frozenset(answer) if isinstance(answer, frozenset | set | list) else frozenset()
            )
            right = frozenset(i for i, o in enumerate(card.options) if o.correct)
            wrong = tuple(sorted(chosen - right))
            return chosen == right, False, "", wrong
        case OrderCard():
            order = list(answer) if isinstance(answer, list) else []
            return order == list(range(len(card.items))), False, "", ()
        case MatchCard():
            pairs = dict(answer) if isinstance(answer, dict) else {}
            ok = pairs == {i: i for i in range(len(card.pairs))}
            return ok, False, "", ()
    raise TypeError(f"unknown card type {card.type!r}")


def _cloze_answers(card: ClozeCard, part: str) -> tuple[str, ...]:
    return _deletion(card, part).answers
