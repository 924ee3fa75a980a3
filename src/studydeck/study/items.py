"""What is studied: an item is one card, or one side or cloze deletion of it."""

from __future__ import annotations

from dataclasses import dataclass

from studydeck.deck.cloze import parse_cloze
from studydeck.deck.models import (
    BasicCard,
    Card,
    ClozeCard,
    Deck,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studydeck.store import Key
from studydeck.study.grading import expected_text, is_self_graded

# the index and the states live apart, without the deck models; here for the modules that
# import them from here
from studydeck.study.index import LEARNING as LEARNING
from studydeck.study.index import NEW as NEW
from studydeck.study.index import RELEARNING as RELEARNING
from studydeck.study.index import REVIEW as REVIEW
from studydeck.study.index import DeckIndex as DeckIndex
from studydeck.study.index import deck_index as deck_index


@dataclass(frozen=True)
class ItemKey:
    """Progress is keyed by this: stable ids from the deck file, never positions."""

    deck_id: str
    card_id: str
    part: str = ""  # "" the card itself, "reverse", "c1", "c2", …

    @property
    def as_tuple(self) -> Key:
        return (self.deck_id, self.card_id, self.part)


@dataclass(frozen=True, eq=False)
class StudyItem:
    """One thing to show the learner. All text is plain (never markup)."""

    key: ItemKey
    deck: Deck
    card: Card
    state: str  # new | learning | review | relearning

    @property
    def card_type(self) -> str:
        return self.card.type

    @property
    def self_graded(self) -> bool:
        return is_self_graded(self.card)

    @property
    def prompt_text(self) -> str:
        """The question side: front (back for reverse), cloze with "[…]", question, statement."""
        card = self.card
        match card:
            case BasicCard():
                return card.back if self.key.part == "reverse" else card.front
            case ClozeCard():
                return parse_cloze(card.text).prompt(int(self.key.part.removeprefix("c")) - 1)
            case McqCard() | TypedCard() | NumericCard():
                return card.question
            case TrueFalseCard():
                return card.statement
            case OrderCard() | MatchCard():
                return card.prompt
        raise TypeError(f"unknown card type {card.type!r}")

    @property
    def answer_text(self) -> str:
        """The answer side as plain text (the back of a basic card, the front when reversed)."""
        return expected_text(self.card, self.key.part)

    @property
    def full_text(self) -> str:
        """For cloze: the whole text with every deletion filled in; otherwise the prompt."""
        if isinstance(self.card, ClozeCard):
            return parse_cloze(self.card.text).full_text()
        return self.prompt_text


def deck_items(deck: Deck) -> list[tuple[ItemKey, Card]]:
    """Every item of a deck, in deck order."""
    parts = deck_index(deck).parts
    return [
        (ItemKey(deck.id, c.id, part), c)
        for c, ps in zip(deck.cards, parts, strict=True)
        for part in ps
    ]
