"""Cards kept apart: a card's siblings, the cards it declares `related`, and the cards whose
answer it gives away (or that give its answer away) are not studied on the same day, and cram
never shows two of them one after the other.

Seeing one card of such a pair makes the other a test of recognition, not recall. The queue
already keeps a card's own items (a cloze card's deletions, a flashcard's reverse) to one a day;
linked cards are held back in the same way: once one of them is queued or answered today, the
others wait for a later day, new and review alike.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Protocol, TypeVar

from studydeck.deck.leaks import leak_pairs
from studydeck.deck.models import Card, Deck

_CRAM_LOOKAHEAD = 50  # items searched for one that may follow; past that, order is kept

_LINKS: dict[int, dict[str, frozenset[str]]] = {}


def links(deck: Deck) -> Mapping[str, frozenset[str]]:
    """Card id → the ids of the cards linked to it (declared `related` either way, or a leak
    either way), worked out once while the deck object lives."""
    found = _LINKS.get(id(deck))
    if found is None:
        found = _LINKS[id(deck)] = _links(deck)
        weakref.finalize(deck, _LINKS.pop, id(deck), None)
    return found


def _links(deck: Deck) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    ids = {card.id for card in deck.cards}

    def link(a: str, b: str) -> None:
        if a != b and a in ids and b in ids:  # an unknown id is the validator's error
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)

    for card in deck.cards:
        for other in card.related:
            link(card.id, other)
    for card_id, other in leak_pairs(deck):
        link(card_id, other)
    return {card_id: frozenset(others) for card_id, others in pairs.items()}


class TakenCards(set[str]):
    """The ids of a deck's cards with an item queued or answered today, which the queue skips.
    A card joins with the cards linked to it, so they wait for another day too."""

    def __init__(self, deck: Deck, cards: Iterable[str] = ()) -> None:
        super().__init__()
        self._links = links(deck)
        self.update(cards)

    def add(self, card_id: str) -> None:
        super().add(card_id)
        super().update(self._links.get(card_id, ()))

    def update(self, *groups: Iterable[str]) -> None:
        for group in groups:
            for card_id in group:
                self.add(card_id)


class _Shown(Protocol):
    @property
    def deck(self) -> Deck: ...

    @property
    def card(self) -> Card: ...


_E = TypeVar("_E", bound=_Shown)


def kept_apart(entries: Sequence[_E]) -> list[_E]:
    """`entries` in their order, except that an item never follows one of the same card or of
    a linked card when one that may follow it comes within the next _CRAM_LOOKAHEAD items."""
    waiting = deque(entries)
    out: list[_E] = []
    while waiting:
        chosen = 0
        if out:
            last = out[-1]
            near = links(last.deck).get(last.card.id, frozenset())
            for k, entry in enumerate(islice(waiting, _CRAM_LOOKAHEAD)):
                if entry.deck is not last.deck or (
                    entry.card is not last.card and entry.card.id not in near
                ):
                    chosen = k
                    break
        out.append(waiting[chosen])
        del waiting[chosen]
    return out
