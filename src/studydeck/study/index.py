"""What the queue, the stats and renames look up in a deck, worked out once per deck object.

It needs of a deck only its id, title and, per card, the id, tags, previous ids and item keys
(the protocols below), so it works on a loaded `Deck` and on the outline of a deck that
`studydeck stats` reads from the cache of checked decks. Nothing here imports the deck models
(pydantic): `studydeck stats` on unchanged decks never loads them.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Protocol

from studydeck.store.keys import DeckItem, deck_item

NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"


class CardLike(Protocol):
    """What the index needs of a card (a deck model's card, or a `CardOutline`)."""

    @property
    def id(self) -> str: ...

    @property
    def tags(self) -> tuple[str, ...]: ...

    @property
    def previous_ids(self) -> tuple[str, ...]: ...

    def item_keys(self) -> list[str]: ...


class DeckLike(Protocol):
    """What the index and the stats need of a deck (a `Deck`, or a `DeckOutline`)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def cards(self) -> Sequence[CardLike]: ...


class DeckIndex:
    """What the queue and the stats look up in a deck, worked out once per deck object (decks
    are frozen): where each card is, its items' parts, which items exist, and the tags."""

    def __init__(self, deck: DeckLike) -> None:
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        # card id → index (the numbers shared by every deck's index: one int object each)
        self.position = dict(
            zip((c.id for c in deck.cards), _numbers(len(deck.cards)), strict=True)
        )
        self.parts = [shared.setdefault(k, k) for k in (tuple(c.item_keys()) for c in deck.cards)]
        self.items = sum(len(p) for p in self.parts)
        # every item, packed as the store packs them; made from a set, which sizes the
        # frozenset's table for what it holds (from a generator it can end up twice as large:
        # 10 MB, not 5, for 100,000 cards)
        self.keys: frozenset[DeckItem] = frozenset(
            {
                deck_item(c.id, part)
                for c, parts in zip(deck.cards, self.parts, strict=True)
                for part in parts
            }
        )
        self.tags: dict[str, list[str]] = {}  # tag → ids of its cards, in deck order
        for c in deck.cards:
            for tag in c.tags:
                self.tags.setdefault(tag, []).append(c.id)
        self.renamed = any(c.previous_ids for c in deck.cards)  # some card has previous ids


_INDEXES: dict[int, DeckIndex] = {}
_NUMBERS: list[int] = []


def _numbers(n: int) -> list[int]:
    """0 … n-1 as int objects shared by every index: numbers from 257 up are objects of their
    own (32 bytes each), and 20 decks of 5,000 cards would otherwise hold 95,000 of them."""
    if len(_NUMBERS) < n:
        _NUMBERS.extend(range(len(_NUMBERS), n))
    return _NUMBERS[:n]


def deck_index(deck: DeckLike) -> DeckIndex:
    """The deck's index, kept while the deck object lives."""
    index = _INDEXES.get(id(deck))
    if index is None:
        index = _INDEXES[id(deck)] = DeckIndex(deck)
        weakref.finalize(deck, _INDEXES.pop, id(deck), None)
    return index
