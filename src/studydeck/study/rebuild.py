"""Rebuild every item's state by replaying the review log through the scheduler.

The items table is a cache of the log: this proves it (a test compares the two) and repairs it
if it ever disagrees. Answers are replayed with the deck settings given now, so a deck whose
settings changed since will rebuild to what those settings would have scheduled, and with the
FSRS parameters in use when each item was shown (fits are dated in the progress file).
"""

from __future__ import annotations

from collections.abc import Sequence

from studydeck.deck.models import Deck, Settings
from studydeck.store import ItemKey, ItemState, Store
from studydeck.study.grading import Rating
from studydeck.study.scheduling import review


def rebuild_state(store: Store, decks: Sequence[Deck]) -> dict[ItemKey, ItemState]:
    """Item states as the log says they should be (undone answers skipped, renames followed)."""
    settings = {d.id: d.settings for d in decks}
    renames = store.renames()
    states: dict[ItemKey, ItemState] = {}
    for r in store.reviews():
        card_id = r.card_id
        seen = {card_id}
        while (r.deck_id, card_id) in renames:  # a card may have been renamed more than once
            card_id = renames[(r.deck_id, card_id)]
            if card_id in seen:
                break
            seen.add(card_id)
        current = ItemKey(r.deck_id, card_id, r.part)
        before = states.get(current)
        # the fuzz seed uses the id the answer was given under, as `record` did at the time
        seed_key = ItemKey(r.deck_id, r.card_id, r.part)
        deck_settings = settings.get(r.deck_id, Settings())
        # the FSRS parameters in use when the item was shown, as the session took them
        parameters = store.parameters_in_use(r.shown_at)
        states[current] = review(
            deck_settings, seed_key, before, Rating(r.rating), r.shown_at, parameters=parameters
        )
    return states


def write_rebuilt(store: Store, states: dict[ItemKey, ItemState]) -> None:
    """Replace the items table with `states` in one transaction."""
    with store.writing():
        store.clear_states()
        for key, state in states.items():
            store.put_state(key, state)
