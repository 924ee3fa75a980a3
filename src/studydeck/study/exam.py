"""Exam plans in use: today's queue for planned decks (study/plan.py chooses), and what the home
screen and `stats` say about each plan. Decks without a plan, or whose exam day has passed, are
queued as always (study/queue.py), so after the exam every item goes back to its FSRS schedule,
its memory state untouched: the plan only ever chose which items to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from studydeck.deck.models import Deck
from studydeck.store import ExamPlan, ItemState, Store
from studydeck.store.keys import deck_item
from studydeck.study.apart import TakenCards
from studydeck.study.days import Days
from studydeck.study.index import deck_index
from studydeck.study.items import ItemKey
from studydeck.study.plan import (
    DEFAULT_SECONDS,
    MIN_TIMES,
    Forecast,
    Memory,
    Model,
    NewCards,
    forecast,
    plan_day,
)
from studydeck.study.queue import (
    Entry,
    Plan,
    Today,
    _learning,
    _new_items,
    _suspended,
    interleave,
    plan_queue,
)


@dataclass(frozen=True)
class ExamStatus:
    """Where a plan stands today, for the home screen and `stats`."""

    deck_ids: tuple[str, ...]
    exam_day: date
    days_left: int  # 0: the exam is today
    minutes: int  # the daily budget
    minutes_today: float  # spent today on these decks
    forecast: Forecast

    @property
    def new(self) -> NewCards:
        return self.forecast.new


def active_plans(store: Store, deck_ids: Sequence[str], today: date) -> dict[str, ExamPlan]:
    """The plans of these decks whose exam is today or later."""
    wanted = set(deck_ids)
    return {p.deck_id: p for p in store.exam_plans() if p.deck_id in wanted and p.exam_day >= today}


def planned_together(store: Store, deck: Deck, decks: Sequence[Deck], today: date) -> list[Deck]:
    """`deck` and those of `decks` that share its exam plan (one budget), in the order of
    `decks` (as a session over them queues them): [deck] alone when it has no plan in use."""
    plans = active_plans(store, [deck.id, *(d.id for d in decks)], today)
    mine = plans.get(deck.id)
    if mine is None:
        return [deck]
    same = [
        d
        for d in decks
        if d is deck
        or (
            d.id != deck.id
            and (p := plans.get(d.id)) is not None
            and (p.exam_day, p.minutes) == (mine.exam_day, mine.minutes)
        )
    ]
    return same if deck in same else [deck, *same]


def _groups(decks: Sequence[Deck], plans: dict[str, ExamPlan]) -> list[tuple[ExamPlan, list[Deck]]]:
    """Decks planned together (one exam day and budget) share the budget."""
    groups: dict[tuple[date, int], tuple[ExamPlan, list[Deck]]] = {}
    for deck in decks:
        plan = plans.get(deck.id)
        if plan is not None:
            groups.setdefault((plan.exam_day, plan.minutes), (plan, []))[1].append(deck)
    return list(groups.values())


def answer_seconds(store: Store, decks: Sequence[Deck]) -> float:
    """The learner's usual time for an answer in these decks: the median time of each card type
    (from the log, once it has MIN_TIMES answers of that type; DEFAULT_SECONDS before), weighted
    by how many of the decks' cards are of that type."""
    counts: dict[str, int] = {}
    for deck in decks:
        for card in deck.cards:
            counts[card.type] = counts.get(card.type, 0) + 1
    if not counts:
        return DEFAULT_SECONDS
    total = 0.0
    for card_type, count in counts.items():
        median = store.median_elapsed(card_type, minimum=MIN_TIMES)
        total += (median if median is not None else DEFAULT_SECONDS) * count
    return total / sum(counts.values())


def _spent(store: Store, decks: Sequence[Deck], since: datetime) -> float:
    return sum(r.elapsed for d in decks for r in store.reviews(d.id, since))


@dataclass
class _Seen:
    """The items of planned decks that have a memory state, as the planner sees them."""

    memories: list[Memory]
    entries: list[tuple[Deck, str, str, ItemState]]  # deck, card id, part, state: reviews only
    reviews: list[int]  # indexes into memories of the items in review state


def _seen(
    store: Store, decks: Sequence[Deck], now: datetime, days: Days, seconds: float
) -> tuple[_Seen, int]:
    """The decks' items with a state (not suspended), and how many items have none (unseen)."""
    suspended = _suspended(store, decks)
    today = days.number(now)
    seen = _Seen([], [], [])
    unseen = 0
    for deck in decks:
        index = deck_index(deck)
        hidden = suspended.get(deck.id, set())
        states = store.states(deck.id)
        have = 0
        for (_, card_id, part), state in states.items():
            key = deck_item(card_id, part)
            if key not in index.keys:
                continue  # a card or part no longer in the deck
            have += 1
            if key in hidden or state.stability is None or state.difficulty is None:
                continue
            last = state.last_review
            elapsed = today - days.number(last) if last is not None else 0
            if state.state == "review":
                seen.reviews.append(len(seen.memories))
                seen.entries.append((deck, card_id, part, state))
            seen.memories.append(
                Memory(state.stability, state.difficulty, max(0, elapsed), seconds)
            )
        unseen += index.items - have
    return seen, unseen


def exam_queue(
    store: Store, decks: Sequence[Deck], today: Today, now: datetime, days: Days
) -> Plan:
    """Today's queue over `decks`: planned decks by their exam plan, the others as always."""
    day = days.day_of(now)
    _, day_end = days.bounds(now)
    plans = active_plans(store, [d.id for d in decks], day)
    if not plans:
        return plan_queue(store, decks, today, now, day_end)
    plain = [d for d in decks if d.id not in plans]
    out = plan_queue(store, plain, today, now, day_end) if plain else Plan([], [], 0, 0)
    for plan, group in _groups(decks, plans):
        planned = _planned_queue(store, plan, group, today, now, days)
        out = Plan(
            sorted(out.learning + planned.learning, key=lambda e: e.due_text),
            planned.main + out.main,
            out.new + planned.new,
            out.reviews + planned.reviews,
        )
    return out


def _planned_queue(
    store: Store, plan: ExamPlan, decks: list[Deck], today: Today, now: datetime, days: Days
) -> Plan:
    start, day_end = days.bounds(now)
    days_left = (plan.exam_day - days.day_of(now)).days
    seconds = answer_seconds(store, decks)
    seen: dict[str, set[str]] = {}
    for deck_id, card_id in today.cards_seen:
        seen.setdefault(deck_id, set()).add(card_id)
    # cards queued or done today, and the cards kept apart from them (related or leaking)
    taken = {deck.id: TakenCards(deck, seen.get(deck.id, ())) for deck in decks}
    spent = _spent(store, decks, start)
    suspended = _suspended(store, decks)
    learning: list[Entry] = []
    for deck in decks:
        hidden = suspended.get(deck.id, set())
        learning += _learning(store, deck, day_end, taken[deck.id], hidden)
    memories, unseen = _seen(store, decks, now, days, seconds)
    candidates = [
        i
        for i, entry in enumerate(memories.entries)
        if entry[1] not in taken[entry[0].id]  # a card studied today waits for tomorrow
    ]
    day_plan = plan_day(
        Model(store.parameters_in_use(now)),
        [memories.memories[memories.reviews[i]] for i in candidates],
        unseen,
        max(days_left, 0),
        sum(d.settings.new_per_day for d in decks),
        plan.minutes * 60,
        seconds,
        new_done=sum(today.new_done.get(d.id, 0) for d in decks),
        spent=spent + len(learning) * seconds,  # the learning steps due come first
    )
    count = day_plan.new
    new: list[Entry] = []
    for deck in decks:
        if count <= 0:
            break
        found = _new_items(store, deck, count, taken[deck.id])
        new += found
        count -= len(found)
    chosen = day_plan.reviews
    reviews: list[Entry] = []
    for c in chosen:
        deck, card_id, part, state = memories.entries[candidates[c]]
        if card_id in taken[deck.id]:
            continue  # one item of a card a day: a sibling was chosen first
        taken[deck.id].add(card_id)
        card = deck.cards[deck_index(deck).position[card_id]]
        reviews.append(Entry(ItemKey(deck.id, card_id, part), deck, card, state))
    return Plan(learning, interleave(reviews, new), len(new), len(reviews))


def exam_status(store: Store, decks: Sequence[Deck], now: datetime, days: Days) -> list[ExamStatus]:
    """Each active plan among `decks`: days left, today's minutes, and the forecast."""
    day = days.day_of(now)
    start, _ = days.bounds(now)
    plans = active_plans(store, [d.id for d in decks], day)
    out: list[ExamStatus] = []
    for plan, group in _groups(decks, plans):
        seconds = answer_seconds(store, group)
        memories, unseen = _seen(store, group, now, days, seconds)
        spent = _spent(store, group, start)
        days_left = (plan.exam_day - day).days
        predicted = forecast(
            Model(store.parameters_in_use(now)),
            memories.memories,
            unseen,
            days_left,
            sum(d.settings.new_per_day for d in group),
            plan.minutes * 60,
            seconds,
            spent_today=spent,
        )
        out.append(
            ExamStatus(
                tuple(d.id for d in group),
                plan.exam_day,
                days_left,
                plan.minutes,
                spent / 60,
                predicted,
            )
        )
    return out
