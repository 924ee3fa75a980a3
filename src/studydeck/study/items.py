"""What is studied: an item is one card, or one side or cloze deletion of it."""

from __future__ import annotations

import weakref
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
from studydeck.store.store import item_key
from studydeck.study.grading import expected_text, is_self_graded

NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"


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


class DeckIndex:
    """What the queue and the stats look up in a deck, worked out once per deck object (decks
    are frozen): where each card is, its items' parts, which items exist, and the tags."""

    def __init__(self, deck: Deck) -> None:
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.position = {c.id: i for i, c in enumerate(deck.cards)}  # card id → index
        self.parts = [shared.setdefault(k, k) for k in (tuple(c.item_keys()) for c in deck.cards)]
        self.items = sum(len(p) for p in self.parts)
        self.keys = frozenset(  # every item, as `item_key`
            item_key(c.id, part)
            for c, parts in zip(deck.cards, self.parts, strict=True)
            for part in parts
        )
        self.tags: dict[str, list[str]] = {}  # tag → ids of its cards, in deck order
        for c in deck.cards:
            for tag in c.tags:
                self.tags.setdefault(tag, []).append(c.id)
        self.renamed = any(c.previous_ids for c in deck.cards)  # some card has previous ids


_INDEXES: dict[int, DeckIndex] = {}


def deck_index(deck: Deck) -> DeckIndex:
    """The deck's index, kept while the deck object lives."""
    index = _INDEXES.get(id(deck))
    if index is None:
        index = _INDEXES[id(deck)] = DeckIndex(deck)
        weakref.finalize(deck, _INDEXES.pop, id(deck), None)
    return index
