"""Item-writing checks: questions a learner can answer without knowing the fact.

They follow what item-writing guides and Moodle's question bank flag: a right option that
stands out by its length, "all/none of the above", an order that alphabetical sorting gives
away, a pick-all-that-apply question where (almost) every option is right, and the same question
asked twice. Each is a warning that says how to fix the card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from studydeck.deck.cloze import parse_cloze
from studydeck.deck.leaks import FieldPath, words
from studydeck.deck.models import (
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

# The right option is "the longest by a clear margin" when it is at least this much longer than
# the longest wrong option, in characters, and by at least _LONGER_BY characters.
LONGER_SHARE = 1.25
_LONGER_BY = 8
LONGEST_RIGHT_SHARE = 1 / 3  # of a deck's single-answer questions: more is a pattern to learn
_OF_THE_ABOVE = re.compile(
    r"^(all|none|both|neither) (of )?(the )?(above|these|them|the options)$"
    r"|^(all|none) are (correct|right|true)$"
)
_MIN_ORDER_ITEMS = 3  # two items are in alphabetical order half the time by chance


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning about card `card` (an index into the cards checked), at `path` inside it;
    `other` is the index of a second card it concerns."""

    card: int
    path: FieldPath
    message: str
    fix: str
    code: str
    other: int | None = None


def check_writing(cards: Sequence[Card]) -> Iterator[Finding]:
    yield from _longest_right(cards)
    first_asked: dict[tuple[str, ...], int] = {}
    for i, card in enumerate(cards):
        if isinstance(card, McqCard):
            yield from _mcq(i, card)
        elif isinstance(card, OrderCard):
            yield from _order(i, card)
        asked = _asked(card)
        if not asked:
            continue
        if asked in first_asked:
            yield Finding(
                i,
                _PROMPT_FIELD[card.type],
                "asks the same question as card {other}",
                "ask something else, or merge the two cards into one",
                "same-question",
                other=first_asked[asked],
            )
        else:
            first_asked[asked] = i


def _mcq(i: int, card: McqCard) -> Iterator[Finding]:
    for j, option in enumerate(card.options):
        if _OF_THE_ABOVE.search(" ".join(words(option.text))):
            yield Finding(
                i,
                ("options", j, "text"),
                f"option {j + 1} is `{option.text}`",
                "replace it with a real option: it is right or wrong whatever the others say, "
                "and with options shuffled 'above' means nothing",
                "of-the-above",
            )
    wrong = sum(not o.correct for o in card.options)
    if card.multiple and wrong == 1:
        yield Finding(
            i,
            ("options",),
            f"every option but one is right ({len(card.options) - 1} of {len(card.options)})",
            "add wrong options that are plausible, so that ticking everything does not pass",
            "mostly-right",
        )


def _order(i: int, card: OrderCard) -> Iterator[Finding]:
    if len(card.items) < _MIN_ORDER_ITEMS:
        return
    keys = [words(item) for item in card.items]
    if keys == sorted(keys):
        yield Finding(
            i,
            ("items",),
            "the correct order is the alphabetical order of the items",
            "reword the items (e.g. start each with what is being ordered, not with a date or "
            "a number), so that sorting them does not give the order away",
            "alphabetical-order",
        )


def _longest_right(cards: Sequence[Card]) -> Iterator[Finding]:
    """One warning for the deck when the right option stands out by length in more than
    LONGEST_RIGHT_SHARE of its single-answer questions, at the first of them."""
    single = [
        (i, c)
        for i, c in enumerate(cards)
        if isinstance(c, McqCard) and sum(o.correct for o in c.options) == 1
    ]
    standing_out = [(i, c) for i, c in single if _right_is_longest(c)]
    if not standing_out or len(standing_out) <= LONGEST_RIGHT_SHARE * len(single):
        return
    ids = ", ".join(c.id for _, c in standing_out[:5]) + (", …" if len(standing_out) > 5 else "")
    yield Finding(
        standing_out[0][0],
        ("options",),
        f"the right option is clearly the longest in {len(standing_out)} of the deck's "
        f"{len(single)} single-answer questions ({ids})",
        "learners learn to pick the longest option: shorten the right options or give the "
        "wrong ones the same detail, in at least some of these cards",
        "longest-right",
    )


def _right_is_longest(card: McqCard) -> bool:
    right = max(len(o.text) for o in card.options if o.correct)
    wrong = max((len(o.text) for o in card.options if not o.correct), default=0)
    return right >= LONGER_SHARE * wrong and right - wrong >= _LONGER_BY


_PROMPT_FIELD: dict[str, FieldPath] = {
    "basic": ("front",),
    "cloze": ("text",),
    "mcq": ("question",),
    "true_false": ("statement",),
    "typed": ("question",),
    "numeric": ("question",),
    "order": ("prompt",),
    "match": ("prompt",),
}


def _asked(card: Card) -> tuple[str, ...]:
    """What the card asks, compared without case, accents or punctuation. An order or match
    card's prompt alone ("Put these in order") says nothing: its items or pairs go with it."""
    match card:
        case BasicCard():
            return words(card.front)
        case ClozeCard():
            return words(parse_cloze(card.text).blanked())
        case McqCard() | TypedCard() | NumericCard():
            return words(card.question)
        case TrueFalseCard():
            return words(card.statement)
        case OrderCard():
            return (*words(card.prompt), "|", *sorted(" ".join(words(i)) for i in card.items))
        case MatchCard():
            pairs = sorted(" ".join(words(f"{left} {right}")) for left, right in card.pairs)
            return (*words(card.prompt), "|", *pairs)
    return ()
