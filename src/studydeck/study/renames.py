"""Renamed cards: progress under an id listed in a card's `previous_ids` moves to its new id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from studydeck.store import Store
from studydeck.study.index import DeckLike, deck_index


def carry_renames(
    store: Store, decks: Sequence[DeckLike], now: datetime
) -> list[tuple[str, str, str]]:
    """Move item states to renamed cards' ids; return (deck id, old id, new id) for each move.

    The log keeps the id each answer was given under, and the `renames` table links the two.
    A card that already has progress under its new id keeps it (nothing is merged).
    """
    moves: list[tuple[str, str, str]] = []
    for deck in decks:
        if not deck_index(deck).renamed:
            continue
        with_state = store.card_ids_with_state(deck.id)
        current = {c.id for c in deck.cards}
        for card in deck.cards:
            if card.id in with_state:
                continue
            for old in card.previous_ids:
                if old in with_state and old not in current:
                    moves.append((deck.id, old, card.id))
                    with_state.discard(old)
                    break
    if moves:
        with store.writing():
            for deck_id, old, new in moves:
                store.rename_card(deck_id, old, new, now)
    return moves
