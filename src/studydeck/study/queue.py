"""What to study now: learning items due, then due reviews (most at risk first), then new items
in deck order up to the day's limit, spread among the reviews."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from studydeck.deck.models import Card, Deck
from studydeck.store import ItemState, Key, Store
from studydeck.study.items import NEW, REVIEW, ItemKey, deck_items
from studydeck.study.scheduling import retrievability


@dataclass(frozen=True, eq=False)
class Entry:
    """An item with the state it had when it was queued."""

    key: ItemKey
    deck: Deck
    card: Card
    state: ItemState | None

    @property
    def state_name(self) -> str:
        return self.state.state if self.state else NEW


@dataclass
class Today:
    """What the learner already did in the current study day."""

    new_done: dict[str, int] = field(default_factory=dict)  # deck id → new items introduced
    reviews_done: dict[str, int] = field(default_factory=dict)  # deck id → review answers
    cards_seen: set[tuple[str, str]] = field(default_factory=set)  # (deck id, card id)


@dataclass
class Plan:
    learning: list[Entry]  # learning / relearning items due before the day ends, soonest first
    main: list[Entry]  # due reviews and new items, interleaved
    new: int
    reviews: int


def today_so_far(store: Store, day_start: datetime) -> Today:
    today = Today()
    renames = store.renames()
    for r in store.reviews(since=day_start):
        card_id = renames.get((r.deck_id, r.card_id), r.card_id)
        today.cards_seen.add((r.deck_id, card_id))
        if r.state_before == NEW:
            today.new_done[r.deck_id] = today.new_done.get(r.deck_id, 0) + 1
        elif r.state_before == REVIEW:
            today.reviews_done[r.deck_id] = today.reviews_done.get(r.deck_id, 0) + 1
    return today


def interleave(reviews: Sequence[Entry], new: Sequence[Entry]) -> list[Entry]:
    """Spread new items evenly among reviews; the last item is a review whenever there is one."""
    total = len(reviews) + len(new)
    out: list[Entry] = []
    r = n = 0
    for k in range(total):
        # slot k takes a new item when the share of new items due by then goes up
        if n < len(new) and math.ceil((k + 1) * len(new) / total) > n:
            out.append(new[n])
            n += 1
        else:
            out.append(reviews[r])
            r += 1
    return out


def plan_queue(
    decks: Sequence[Deck],
    states: dict[Key, ItemState],
    today: Today,
    now: datetime,
    day_end: datetime,
) -> Plan:
    learning: list[Entry] = []
    reviews: list[tuple[float, int, Entry]] = []
    new: list[Entry] = []
    taken = set(today.cards_seen)  # siblings of what was studied today wait for another day
    for deck in decks:
        entries = [Entry(k, deck, c, states.get(k.as_tuple)) for k, c in deck_items(deck)]
        for e in entries:
            if e.state is not None and e.state.state != REVIEW and e.state.due < day_end:
                learning.append(e)
                taken.add((deck.id, e.key.card_id))
        deck_reviews = [
            e for e in entries if e.state and e.state.state == REVIEW and e.state.due < day_end
        ]
        deck_reviews.sort(key=lambda e: retrievability(deck.settings, e.state, now))
        limit = max(0, deck.settings.reviews_per_day - today.reviews_done.get(deck.id, 0))
        for e in deck_reviews:
            if limit and (deck.id, e.key.card_id) not in taken:
                taken.add((deck.id, e.key.card_id))
                reviews.append((retrievability(deck.settings, e.state, now), len(reviews), e))
                limit -= 1
        limit = max(0, deck.settings.new_per_day - today.new_done.get(deck.id, 0))
        for e in entries:
            if limit and e.state is None and (deck.id, e.key.card_id) not in taken:
                taken.add((deck.id, e.key.card_id))
                new.append(e)
                limit -= 1
    learning.sort(key=lambda e: e.state.due if e.state else now)
    reviews.sort(key=lambda t: (t[0], t[1]))
    main = interleave([e for _, _, e in reviews], new)
    return Plan(learning, main, len(new), len(reviews))
