"""Per-deck counts for a deck list: what a session started now would show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.store.times import to_text
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.items import deck_index
from studydeck.study.queue import plan_queue, today_so_far
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
) -> DeckCounts:
    carry_renames(store, [deck], now)
    start, end = Days(day_starts_at, tz).bounds(now)
    plan = plan_queue(store, [deck], today_so_far(store, start, [deck.id]), now, end)
    now_text = to_text(now)
    learning_now = sum(1 for e in plan.learning if e.due_text <= now_text)
    return DeckCounts(
        new=plan.new,
        due=plan.reviews + learning_now,
        later_today=len(plan.learning) - learning_now,
        total=deck_index(deck).items,
        last_studied=store.last_studied(deck.id),
    )
