"""Which item an answer or a state belongs to: one `ItemKey` across the store and the study layer.

Inside one deck the store also packs an item into one string (`DeckItem`: the card id, and the
part after a separator when there is one), which SQL can build and compare and which sets of a
100,000-card library hold cheaply. Only this module knows how it is packed: everyone else makes
one with `deck_item` and takes it apart with `card_and_part`.
"""

from __future__ import annotations

from typing import NamedTuple, NewType


class ItemKey(NamedTuple):
    """One studied item. Progress is keyed by it: stable ids from the deck file, never
    positions. A named tuple, so it is also the (deck, card, part) of the SQL queries."""

    deck_id: str
    card_id: str
    part: str = ""  # "" the card itself, "reverse", "c1", "c2", …


DeckItem = NewType("DeckItem", str)  # an item of one deck, packed (see above)

_SEPARATOR = "\x1f"  # ids are slugs and parts are words: neither holds a control character
# the same packing in SQL, over an items or reviews row
DECK_ITEM_SQL = "CASE part WHEN '' THEN card_id ELSE card_id || char(31) || part END"


def deck_item(card_id: str, part: str) -> DeckItem:
    return DeckItem(f"{card_id}{_SEPARATOR}{part}" if part else card_id)


def card_and_part(item: DeckItem) -> tuple[str, str]:
    card_id, _, part = item.partition(_SEPARATOR)
    return card_id, part
