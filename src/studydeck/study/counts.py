"""Per-deck counts for a deck list: what a session started now would show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.store.times import to_text
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.exam import exam_queue, planned_together
from studydeck.study.items import NEW, deck_index
from studydeck.study.queue import today_so_far
from studydeck.study.renames import carry_renames


@dataclass(frozen=True)
class DeckCounts:
    """In questions (study/words.py): a card, a reversed side, a cloze blank."""

    new: int  # new today: unseen questions a session would bring in today (after the limit)
    due: int  # due now: learning steps due now and reviews due today (after the daily limit)
    later_today: int  # learning steps due later in today's study day (failed or new today)
    total: int  # questions in the deck
    last_studied: datetime | None


def deck_counts(
    store: Store,
    deck: Deck,
    now: datetime,
    *,
    day_starts_at: int = DEFAULT_DAY_STARTS_AT,
    tz: tzinfo | None = None,
    others: Sequence[Deck] = (),
) -> DeckCounts:
    """`others`: the other decks on show, some of which may share an exam plan (and its daily
    minutes) with `deck`: its counts are then its share of their queue (study/exam.py)."""
    carry_renames(store, [deck], now)
    days = Days(day_starts_at, tz)
    start, _ = days.bounds(now)
    group = planned_together(store, deck, others, days.day_of(now))
    plan = exam_queue(store, group, today_so_far(store, start, [d.id for d in group]), now, days)
    now_text = to_text(now)
    learning_now = sum(1 for e in plan.learning if e.deck is deck and e.due_text <= now_text)
    new, reviews = plan.new, plan.reviews
    if len(group) > 1:
        new = sum(1 for e in plan.main if e.deck is deck and e.state_name == NEW)
        reviews = sum(1 for e in plan.main if e.deck is deck and e.state_name != NEW)
    return DeckCounts(
        new=new,
        due=reviews + learning_now,
        later_today=sum(1 for e in plan.learning if e.deck is deck) - learning_now,
        total=deck_index(deck).items,
        last_studied=store.last_studied(deck.id),
    )
