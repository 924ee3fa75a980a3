"""What to study now: learning items due, then due reviews (most at risk first), then new items
in deck order up to the day's limit, spread among the reviews.

Only what can be queued is read: the items due before the day ends (an index on due), and, for
new items, the states of the cards at the head of the deck until the day's new items are found.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from studydeck.deck.models import Card, Deck
from studydeck.store import ItemState, Store
from studydeck.store.store import DueRow, StateRow, row_state
from studydeck.store.times import from_text, to_text
from studydeck.study.items import NEW, REVIEW, ItemKey, deck_index
from studydeck.study.scheduling import retrievability

_FIRST_BATCH = 64  # cards whose states are read at once when looking for new items (doubling)
_LAST_BATCH = 900


class Entry:
    """An item with the state it had when it was queued.

    An entry made from a stored row builds its key and parses its state only when asked: a long
    queue holds thousands of learning items that a session may never reach. A learning item is
    queued from its state's name and due time alone; its state is read when first asked for.
    """

    __slots__ = (
        "_due",
        "_key",
        "_known",
        "_name",
        "_part",
        "_row",
        "_state",
        "_store",
        "card",
        "deck",
    )

    def __init__(self, key: ItemKey, deck: Deck, card: Card, state: ItemState | None) -> None:
        self._key: ItemKey | None = key
        self._part = key.part
        self.deck = deck
        self.card = card
        self._state = state
        self._known = True  # _state is the state (else: parse _row, or read it from _store)
        self._name = ""
        self._row: StateRow | None = None
        self._store: Store | None = None
        self._due: str | None = None

    @classmethod
    def queued(cls, deck: Deck, card: Card, row: StateRow) -> Entry:
        """The entry for a row of `Store.due_rows` (its card and part are in `deck`)."""
        e = cls.__new__(cls)
        e._key, e._part, e.deck, e.card, e._due = None, row[1], deck, card, row[6]
        e._state, e._known, e._name, e._row, e._store = None, False, row[2], row, None
        return e

    @classmethod
    def learning(cls, deck: Deck, card: Card, row: DueRow, store: Store) -> Entry:
        """The entry for a row of `Store.learning_due` (its card and part are in `deck`)."""
        e = cls.__new__(cls)
        e._key, e._part, e.deck, e.card, e._due = None, row[1], deck, card, row[3]
        e._state, e._known, e._name, e._row, e._store = None, False, row[2], None, store
        return e

    @property
    def key(self) -> ItemKey:
        if self._key is None:
            self._key = ItemKey(self.deck.id, self.card.id, self._part)
        return self._key

    @property
    def state(self) -> ItemState | None:
        if not self._known:
            if self._row is not None:
                self._state, self._row = row_state(self._row), None
            elif self._store is not None:
                self._state = self._store.item_state(self.key.as_tuple)
            self._known = True
        return self._state

    @property
    def state_name(self) -> str:
        if not self._known:
            return self._name
        return self._state.state if self._state else NEW

    @property
    def due_text(self) -> str:
        """When it is due, as stored (UTC text: sorts as time); "" for a new item."""
        if self._due is None:
            state = self.state
            self._due = to_text(state.due) if state else ""
        return self._due

    @property
    def due(self) -> datetime | None:
        """When it is due (None for a new item)."""
        text = self.due_text
        return from_text(text) if text else None


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


def today_so_far(store: Store, day_start: datetime, deck_ids: Iterable[str]) -> Today:
    """What was answered in these decks since `day_start`."""
    today = Today()
    ids = list(deck_ids)
    if not ids:
        return today
    renames = store.renames()
    for deck_id, card_id, state_before in store.answered_since(ids, day_start):
        today.cards_seen.add((deck_id, renames.get((deck_id, card_id), card_id)))
        if state_before == NEW:
            today.new_done[deck_id] = today.new_done.get(deck_id, 0) + 1
        elif state_before == REVIEW:
            today.reviews_done[deck_id] = today.reviews_done.get(deck_id, 0) + 1
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
    store: Store,
    decks: Sequence[Deck],
    today: Today,
    now: datetime,
    day_end: datetime,
) -> Plan:
    """Today's queue over `decks`. Ties keep deck order: decks as given, items as in the deck."""
    # learning items by (due, deck, card, part), reviews by (retrievability, deck, card, part);
    # the first fields of each tuple differ between items, so tuples sort as their keys
    learning: list[tuple[str, int, int, int, Entry]] = []
    reviews: list[tuple[float, int, Entry]] = []
    new: list[Entry] = []
    parameters = store.parameters_in_use(now)  # the learner's FSRS parameters, if fitted
    seen: dict[str, set[str]] = {}  # deck id → cards studied today: siblings wait another day
    for deck_id, card_id in today.cards_seen:
        seen.setdefault(deck_id, set()).add(card_id)
    for deck_no, deck in enumerate(decks):
        index = deck_index(deck)
        position, parts, cards = index.position, index.parts, deck.cards
        taken = seen.get(deck.id, set())  # cards of this deck with an item queued or done
        for item in store.learning_due(deck.id, day_end):
            card_id, part = item[0], item[1]
            pos = position.get(card_id)
            if pos is None or part not in parts[pos]:
                continue  # a card or cloze deletion no longer in the deck
            entry = Entry.learning(deck, cards[pos], item, store)
            learning.append((item[3], deck_no, pos, parts[pos].index(part), entry))
            taken.add(card_id)
        deck_reviews: list[tuple[float, int, int, StateRow, ItemState]] = []
        for row in store.due_rows(deck.id, day_end, state=REVIEW):
            pos = position.get(row[0])
            if pos is None or row[1] not in parts[pos]:
                continue
            state = row_state(row)
            r = retrievability(deck.settings, state, now, parameters=parameters)
            deck_reviews.append((r, pos, parts[pos].index(row[1]), row, state))
        deck_reviews.sort(key=_review_order)
        limit = max(0, deck.settings.reviews_per_day - today.reviews_done.get(deck.id, 0))
        for r, pos, _, row, state in deck_reviews:
            if not limit:
                break
            if row[0] not in taken:
                taken.add(row[0])
                key = ItemKey(deck.id, row[0], row[1])
                reviews.append((r, len(reviews), Entry(key, deck, cards[pos], state)))
                limit -= 1
        limit = max(0, deck.settings.new_per_day - today.new_done.get(deck.id, 0))
        new += _new_items(store, deck, limit, taken)
    learning.sort()
    reviews.sort()
    main = interleave([e for _, _, e in reviews], new)
    return Plan([t[4] for t in learning], main, len(new), len(reviews))


def _review_order(t: tuple[float, int, int, StateRow, ItemState]) -> tuple[float, int, int]:
    return t[0], t[1], t[2]


def _new_items(store: Store, deck: Deck, limit: int, taken: set[str]) -> list[Entry]:
    """Up to `limit` items without a state, in deck order, one per card and none of a card in
    `taken` (which gains their cards). States are read for the head of the deck only, a batch of
    cards at a time, each batch sized by how many new items the cards so far held."""
    out: list[Entry] = []
    parts = deck_index(deck).parts
    start, batch = 0, _FIRST_BATCH
    while limit and start < len(deck.cards):
        chunk = deck.cards[start : start + batch]
        ids = [c.id for c in chunk if c.id not in taken]
        have = store.parts_with_state(deck.id, ids) if ids else set()
        for offset, card in enumerate(chunk):
            if card.id in taken:
                continue
            for part in parts[start + offset]:
                if (card.id, part) not in have:
                    taken.add(card.id)
                    out.append(Entry(ItemKey(deck.id, card.id, part), deck, card, None))
                    limit -= 1
                    break
            if not limit:
                break
        start += len(chunk)
        # enough cards for the items still wanted at the rate met so far, a quarter more
        rate = len(out) / start
        wanted = math.ceil(limit / rate * 1.25) if rate else batch * 2
        batch = max(_FIRST_BATCH, min(wanted, _LAST_BATCH))
    return out
