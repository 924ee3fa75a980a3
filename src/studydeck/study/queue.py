"""What to study now: learning items due, then due reviews (most at risk first), then new items
in deck order up to the day's limit, spread among the reviews.

Only what can be queued is read: the items due before the day ends (an index on due; for reviews
only what their retrievability needs, worked out in one pass), and, for new items, the cards at
the head of the deck are looked up until the day's new items are found. States are read when
an item is reached.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import attrgetter, contains

from studydeck.deck.models import Card, Deck
from studydeck.store import ItemKey, ItemState, Store
from studydeck.store.keys import card_and_part, deck_item
from studydeck.store.store import RecallRow
from studydeck.store.times import from_text, to_text
from studydeck.study.apart import TakenCards
from studydeck.study.items import NEW, REVIEW, deck_index
from studydeck.study.scheduling import retrievabilities

_FIRST_BATCH = 64  # cards looked up at first for new items; then as many as the rate met calls for
_LAST_BATCH = 900


class Entry:
    """An item with the state it had when it was queued."""

    __slots__ = ("_due", "_key", "_name", "_part", "_state", "_store", "card", "deck")

    def __init__(self, key: ItemKey, deck: Deck, card: Card, state: ItemState | None) -> None:
        self._key: ItemKey | None = key
        self._part = key.part
        self.deck = deck
        self.card = card
        self._state = state
        self._store: Store | None = None  # set: the state is still to be read from it
        self._name = ""
        self._due: str | None = None

    @property
    def key(self) -> ItemKey:
        if self._key is None:
            self._key = ItemKey(self.deck.id, self.card.id, self._part)
        return self._key

    @property
    def state(self) -> ItemState | None:
        if self._store is not None:
            self._state = self._store.item_state(self.key)
            self._store = None
        return self._state

    @property
    def state_name(self) -> str:
        if self._store is not None:
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


class _Stored(Entry):
    """An entry for a stored item, which builds its key and reads its state only when asked: a
    long queue holds thousands of items that a session may never reach. It is queued from its
    state's name (and, in learning, its due time) alone; its state is read from the store when
    first asked for, which is what was read when it was queued unless another session answered
    the item since. (Made by the thousand: a plain __init__ is about twice as fast as setting
    the slots from a classmethod.)"""

    __slots__ = ()

    def __init__(
        self, deck: Deck, card: Card, part: str, name: str, due: str | None, store: Store
    ) -> None:
        self._key = None
        self._part = part
        self.deck = deck
        self.card = card
        self._state = None
        self._store = store
        self._name = name
        self._due = due  # None: read with the state


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
    for deck_id, card_id, state_before in store.cards_answered_since(ids, day_start):
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
    learning: list[Entry] = []
    due: list[list[RecallRow]] = []  # per deck: its reviews due
    seen: dict[str, set[str]] = {}  # deck id → cards studied today: siblings wait another day
    for deck_id, card_id in today.cards_seen:
        seen.setdefault(deck_id, set()).add(card_id)
    # cards with an item queued or done, and the cards kept apart from them
    taken = [TakenCards(deck, seen.get(deck.id, ())) for deck in decks]
    suspended = _suspended(store, decks)  # deck id → item keys: leeches the learner suspended
    for deck, deck_taken in zip(decks, taken, strict=True):
        hidden = suspended.get(deck.id, set())
        learning += _learning(store, deck, day_end, deck_taken, hidden)
        rows = _reviews_due(store, deck, day_end, today)
        due.append([row for row in rows if row.item not in hidden] if hidden else rows)
    # every review's retrievability at once: it depends on the learner's FSRS parameters, not
    # on the deck
    recall = retrievabilities(
        [row.stability for rows in due for row in rows],
        [row.last_review for rows in due for row in rows],
        now,
        parameters=store.parameters_in_use(now),
    )
    reviews: list[Entry] = []  # deck by deck, each by (retrievability, card, part)
    at_risk: list[float] = []  # their retrievability
    new: list[Entry] = []
    first = 0
    for deck, deck_taken, rows in zip(decks, taken, due, strict=True):
        values = recall[first : first + len(rows)]
        first += len(rows)
        limit = max(0, deck.settings.reviews_per_day - today.reviews_done.get(deck.id, 0))
        _reviews(store, deck, rows, values, limit, deck_taken, reviews, at_risk)
        limit = max(0, deck.settings.new_per_day - today.new_done.get(deck.id, 0))
        new += _new_items(store, deck, limit, deck_taken)
    _sort_learning(learning, decks)
    order = sorted(range(len(reviews)), key=at_risk.__getitem__)  # stable: ties in deck order
    main = interleave([reviews[i] for i in order], new)
    return Plan(learning, main, len(new), len(reviews))


def _suspended(store: Store, decks: Sequence[Deck]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for (deck_id, card_id, part), choice in store.leech_choices(d.id for d in decks).items():
        if choice.suspended:
            out.setdefault(deck_id, set()).add(deck_item(card_id, part))
    return out


def _learning(
    store: Store, deck: Deck, day_end: datetime, taken: set[str], hidden: set[str]
) -> list[Entry]:
    """The deck's items in learning due before the day ends, but for the `hidden` ones (leeches
    the learner suspended: their cards must not hold back the cards linked to them); their
    cards join `taken`."""
    index = deck_index(deck)
    position, parts, cards = index.position, index.parts, deck.cards
    ids, item_parts, names, dues = store.learning_due_before(deck.id, day_end)
    try:
        places = list(map(position.__getitem__, ids))
        kept = all(map(contains, map(parts.__getitem__, places), item_parts))
    except KeyError:
        kept = False
    if kept and not hidden:  # all still in the deck (as good as always): made in one go
        taken.update(ids)
        chosen = map(cards.__getitem__, places)
        return list(map(_Stored, repeat(deck), chosen, item_parts, names, dues, repeat(store)))
    out: list[Entry] = []
    for card_id, part, name, due in zip(ids, item_parts, names, dues, strict=True):
        pos = position.get(card_id)
        if pos is None or part not in parts[pos]:
            continue  # a card or cloze deletion no longer in the deck
        if deck_item(card_id, part) in hidden:
            continue
        out.append(_Stored(deck, cards[pos], part, name, due, store))
        taken.add(card_id)
    return out


_due_of = attrgetter("_due")  # of a learning item: always known


def _sort_learning(learning: list[Entry], decks: Sequence[Deck]) -> None:
    """By (due, deck, card, part)."""
    learning.sort(key=_due_of)
    if len(set(map(_due_of, learning))) == len(learning):
        return
    # items due at the same moment (rare but for tests): in deck order
    deck_no = {id(deck): no for no, deck in enumerate(decks)}

    def in_deck(e: Entry) -> tuple[str, int, int, int]:
        index = deck_index(e.deck)
        pos = index.position[e.card.id]
        return e.due_text, deck_no[id(e.deck)], pos, index.parts[pos].index(e._part)

    learning.sort(key=in_deck)


def _reviews_due(store: Store, deck: Deck, day_end: datetime, today: Today) -> list[RecallRow]:
    """The deck's items in review due before the day ends and still in the deck (none when the
    day's reviews are done)."""
    if today.reviews_done.get(deck.id, 0) >= deck.settings.reviews_per_day:
        return []
    keys = deck_index(deck).keys
    return [row for row in store.reviews_due_before(deck.id, day_end) if row.item in keys]


def _reviews(
    store: Store,
    deck: Deck,
    rows: list[RecallRow],
    recall: list[float],
    limit: int,
    taken: set[str],
    out: list[Entry],
    at_risk: list[float],
) -> None:
    """Add to `out` up to `limit` of the deck's reviews due `rows` (of retrievability `recall`,
    added to `at_risk`), most at risk first (ties: deck order), one per card and none of a card
    in `taken` (which gains their cards)."""
    index = deck_index(deck)
    position, parts, cards = index.position, index.parts, deck.cards
    order = sorted(range(len(rows)), key=recall.__getitem__)
    if len(set(recall)) < len(recall):  # equally at risk: in deck order

        def in_deck(i: int) -> tuple[float, int, int]:
            card_id, part = card_and_part(rows[i].item)
            pos = position[card_id]
            return recall[i], pos, parts[pos].index(part)

        order.sort(key=in_deck)
    for i in order:
        if not limit:
            break
        card_id, part = card_and_part(rows[i].item)
        if card_id not in taken:
            taken.add(card_id)
            out.append(_Stored(deck, cards[position[card_id]], part, REVIEW, None, store))
            at_risk.append(recall[i])
            limit -= 1


def _new_items(store: Store, deck: Deck, limit: int, taken: set[str]) -> list[Entry]:
    """Up to `limit` items without a state, in deck order, one per card and none of a card in
    `taken` (which gains their cards). States are looked up for the head of the deck only, a
    batch of cards at a time, each batch sized by how many new items the cards so far held."""
    out: list[Entry] = []
    index = deck_index(deck)
    position, parts, cards = index.position, index.parts, deck.cards
    start, batch = 0, _FIRST_BATCH
    while limit and start < len(cards):
        end = min(start + batch, len(cards))
        batch_cards = (
            (card.id, parts[pos])
            for pos, card in enumerate(cards[start:end], start)
            if card.id not in taken
        )
        # each card found gives one item: the lookups stop once the day's items are found
        wanted = limit
        found = store.first_cards_with_new_items(deck.id, batch_cards, wanted)
        for card_id, have in found:
            pos = position[card_id]
            if card_id in taken:  # linked to a card queued just before it: another day
                continue
            part = next(p for p in parts[pos] if p not in have)
            taken.add(card_id)
            out.append(Entry(ItemKey(deck.id, card_id, part), deck, cards[pos], None))
            limit -= 1
        # when the lookups stopped early and some cards found were held back, the cards after
        # the last one found were not looked up: the next batch starts there
        start = position[found[-1].card_id] + 1 if len(found) == wanted and limit else end
        # enough cards for the items still wanted at the rate met so far, a quarter more
        rate = len(out) / start
        more = math.ceil(limit / rate * 1.25) if rate else batch * 2
        batch = max(_FIRST_BATCH, min(more, _LAST_BATCH))
    return out
