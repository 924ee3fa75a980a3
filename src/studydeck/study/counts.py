"""Per-deck counts for a deck list: what a session started now would show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.items import deck_items
from studydeck.study.queue import plan_queue, today_so_far
from studydeck.study.renames import carry_renames


@dataclass(frozen=True)
class DeckCounts:
    new: int  # new items a session would introduce today (after the daily limit)
    due: int  # learning items due now and reviews due today (after the daily limit)
    total: int  # items in the deck
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
    plan = plan_queue([deck], store.states(deck.id), today_so_far(store, start), now, end)
    learning_now = sum(1 for e in plan.learning if e.state and e.state.due <= now)
    return DeckCounts(
        new=plan.new,
        due=plan.reviews + learning_now,
        total=len(deck_items(deck)),
        last_studied=store.last_studied(deck.id),
    )
