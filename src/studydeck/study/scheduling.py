"""FSRS scheduling through the `fsrs` package, with our policy around it.

The memory model is fsrs's. Ours: which settings apply (the deck's), and the interval fuzz, which
fsrs draws from the global `random()`. We turn fsrs's fuzz off and apply the same fuzz ranges with
a generator seeded from the item and its review count, so the interval previewed for a rating is
exactly the one saved, and a replay of the log gives the same schedule.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

from studydeck.deck.models import Settings
from studydeck.store import ItemState, Key
from studydeck.study.grading import Rating

_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
_STATES = {name: state for state, name in _NAMES.items()}


def scheduler_for(settings: Settings) -> Scheduler:
    return _scheduler(
        settings.desired_retention,
        tuple(settings.learning_steps),
        tuple(settings.relearning_steps),
        settings.maximum_interval,
    )


@lru_cache(maxsize=64)
def _scheduler(
    retention: float, learning: tuple[int, ...], relearning: tuple[int, ...], maximum: int
) -> Scheduler:
    return Scheduler(
        desired_retention=retention,
        learning_steps=[timedelta(minutes=m) for m in learning],
        relearning_steps=[timedelta(minutes=m) for m in relearning],
        maximum_interval=maximum,
        enable_fuzzing=False,
    )


def _fsrs_card(state: ItemState | None, now: datetime) -> FsrsCard:
    if state is None:
        return FsrsCard(card_id=0, due=now)  # card_id given: fsrs otherwise sleeps 1 ms
    return FsrsCard(
        card_id=0,
        state=_STATES[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def fuzz_seed(key: Key, reps: int) -> int:
    blob = "\x1f".join((*key, str(reps))).encode()
    return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big")


def fuzzed_days(days: int, maximum: int, seed: int) -> int:
    """fsrs's fuzz ranges (about ±5-15 %, none under 2.5 days), drawn from a seeded generator."""
    if days < 2.5:
        return days
    delta = 1.0
    for r in FUZZ_RANGES:
        delta += r["factor"] * max(min(float(days), r["end"]) - r["start"], 0.0)
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    low = min(low, high)
    drawn = random.Random(seed).random() * (high - low + 1) + low
    return min(round(drawn), maximum)


def review(
    settings: Settings, key: Key, before: ItemState | None, rating: Rating, now: datetime
) -> ItemState:
    """The state after answering `key` with `rating` at `now`."""
    now = now.astimezone(UTC)
    reps = before.reps if before else 0
    card, _ = scheduler_for(settings).review_card(
        _fsrs_card(before, now), FsrsRating(int(rating)), now
    )
    due = card.due
    if card.state == State.Review:
        days = (card.due - now).days
        due = now + timedelta(
            days=fuzzed_days(days, settings.maximum_interval, fuzz_seed(key, reps))
        )
    lapsed = before is not None and before.state == "review" and rating == Rating.AGAIN
    return ItemState(
        state=_NAMES[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=due,
        last_review=now,
        reps=reps + 1,
        lapses=(before.lapses if before else 0) + int(lapsed),
    )


def preview(
    settings: Settings, key: Key, before: ItemState | None, now: datetime
) -> dict[Rating, timedelta]:
    """What each rating would schedule, exactly as `review` would save it."""
    return {r: review(settings, key, before, r, now).due - now.astimezone(UTC) for r in Rating}


def retrievability(settings: Settings, state: ItemState | None, now: datetime) -> float:
    """The chance the learner still recalls the item now (0 for a new item)."""
    if state is None:
        return 0.0
    value = scheduler_for(settings).get_card_retrievability(_fsrs_card(state, now), now)
    return float(value) if math.isfinite(value) else 0.0
