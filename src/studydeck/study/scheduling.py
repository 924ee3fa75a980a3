"""FSRS scheduling through the `fsrs` package, with our policy around it.

The memory model is fsrs's. Ours:
- which settings apply (the deck's), and which FSRS parameters: fsrs's defaults until
  parameters are fitted to the learner's own answers (study/optimizer.py); the store knows
  which are in use, and callers pass them (`parameters=`);
- time is counted in study days. fsrs counts the time since the last review in whole 24-hour
  periods, but the learner studies by the day (`Days`: from 4 a.m. local), and an item due
  "today" is shown from the start of that study day. A review 20 hours after the last one, on
  the next study day, is a one-day review for us, as in Anki, not a same-day one (which would
  barely grow stability and bring the item back again). So fsrs is given a view of the item
  whose last review lies exactly as many days back as there are study days between the two;
  the real times stay in the store. Two answers on the same study day stay a same-day
  (short-term) review. Retrievability (queue order, stats) uses the same view;
- an interval of n days keeps the time of day in local time, so the item falls due in the study
  day n days ahead, daylight saving changes included;
- the interval fuzz, which fsrs draws from the global `random()`. We turn fsrs's fuzz off and
  apply the same fuzz ranges with a generator seeded from the item and its review count, so the
  interval previewed for a rating is exactly the one saved, and a replay of the log gives the
  same schedule.
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from studydeck.deck.models import Settings
from studydeck.store import ItemKey, ItemState
from studydeck.store.times import from_text, to_text
from studydeck.study.days import Days
from studydeck.study.grading import Rating

_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
_STATES = {name: state for state, name in _NAMES.items()}
_FSRS_RATINGS = {r: FsrsRating(int(r)) for r in Rating}  # a lookup costs a tenth of a call
_LOCAL_DAYS = Days()  # the app's study days: from 4 a.m. in the computer's zone


def scheduler_for(settings: Settings, *, parameters: Sequence[float] | None = None) -> Scheduler:
    """fsrs's scheduler for the deck's settings, with the FSRS `parameters` fitted to the
    learner (study/optimizer.py; None: fsrs's defaults)."""
    return _scheduler(
        settings.desired_retention,
        tuple(settings.learning_steps),
        tuple(settings.relearning_steps),
        settings.maximum_interval,
        tuple(parameters) if parameters is not None else None,
    )


@lru_cache(maxsize=64)
def _scheduler(
    retention: float,
    learning: tuple[int, ...],
    relearning: tuple[int, ...],
    maximum: int,
    parameters: tuple[float, ...] | None,
) -> Scheduler:
    return Scheduler(
        parameters=parameters if parameters is not None else DEFAULT_PARAMETERS,
        desired_retention=retention,
        learning_steps=[timedelta(minutes=m) for m in learning],
        relearning_steps=[timedelta(minutes=m) for m in relearning],
        maximum_interval=maximum,
        enable_fuzzing=False,
    )


def _fsrs_card(state: ItemState | None, now: datetime, days: Days) -> FsrsCard:
    """The item as fsrs should see it at `now`: its last review whole study days back."""
    # card_id is given: without one, fsrs's Card makes one up from the clock and sleeps 1 ms
    if state is None:
        return FsrsCard(card_id=0, due=now)
    last = state.last_review
    if last is not None:
        # fsrs counts whole 24-hour periods from last_review to now: make that count the study
        # days between them (0, a same-day review, when both fall in the same study day)
        elapsed = _day_number(days, now) - days.number(last)
        last = now - timedelta(days=max(0, elapsed))
    return FsrsCard(
        card_id=0,
        state=_STATES[state.state],
        step=state.step,  # None in learning becomes 0 in fsrs's Card, as for a new card
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=last,
    )


@lru_cache(maxsize=16)
def _day_number(days: Days, now: datetime) -> int:
    # `now` is the same for every item of a queue or a stats screen: look its day up once
    return days.number(now)


def fuzz_seed(key: ItemKey, reps: int) -> int:
    # the key's three ids and the review count, each after a unit separator: this exact text
    # seeds every saved interval, so it never changes (and is no business of the store's)
    blob = "\x1f".join((*key, str(reps))).encode()
    return int.from_bytes(hashlib.sha256(blob).digest()[:8], "big")


FUZZ_FROM = 2.5  # days: shorter intervals are not fuzzed


def fuzzed_days(days: int, maximum: int, seed: int) -> int:
    """fsrs's fuzz ranges (about ±5-15 %, none under 2.5 days), drawn from a seeded generator."""
    if days < FUZZ_FROM:
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
    settings: Settings,
    key: ItemKey,
    before: ItemState | None,
    rating: Rating,
    now: datetime,
    days: Days | None = None,
    *,
    parameters: Sequence[float] | None = None,
) -> ItemState:
    """The state after answering `key` with `rating` at `now`, study days counted by `days`
    (default: from 4 a.m. in the computer's zone), with the learner's FSRS `parameters` (None:
    the defaults)."""
    days = days or _LOCAL_DAYS
    now = now.astimezone(UTC)
    reps = before.reps if before else 0
    card, _ = scheduler_for(settings, parameters=parameters).review_card(
        _fsrs_card(before, now, days), _FSRS_RATINGS[rating], now
    )
    due = card.due
    if card.state == State.Review:
        interval = (card.due - now).days  # fsrs: a whole number of days from `now`
        if interval >= FUZZ_FROM:  # the seed's hash only where there is a fuzz to draw
            interval = fuzzed_days(interval, settings.maximum_interval, fuzz_seed(key, reps))
        due = days.ahead(now, interval)
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
    settings: Settings,
    key: ItemKey,
    before: ItemState | None,
    now: datetime,
    days: Days | None = None,
    *,
    parameters: Sequence[float] | None = None,
) -> dict[Rating, timedelta]:
    """What each rating would schedule, exactly as `review` would save it."""
    utc_now = now.astimezone(UTC)
    return {
        r: review(settings, key, before, r, now, days, parameters=parameters).due - utc_now
        for r in Rating
    }


def retrievability(
    settings: Settings,
    state: ItemState | None,
    now: datetime,
    days: Days | None = None,
    *,
    parameters: Sequence[float] | None = None,
) -> float:
    """The chance the learner still recalls the item now (0 for a new item), with the time since
    the last review counted in whole study days, as `review` counts it, by the forgetting curve
    of the learner's FSRS `parameters` (None: the defaults)."""
    if state is None:
        return 0.0
    card = _fsrs_card(state, now, days or _LOCAL_DAYS)
    value = scheduler_for(settings, parameters=parameters).get_card_retrievability(card, now)
    return float(value) if math.isfinite(value) else 0.0


def retrievabilities(
    stabilities: Sequence[float | None],
    last_reviews: Sequence[str | None],
    now: datetime,
    days: Days | None = None,
    *,
    parameters: Sequence[float] | None = None,
) -> list[float]:
    """`retrievability` of many items at `now`, given by their stability and last review (as
    stored: UTC text), equal to it value for value (a deck's settings play no part in it).
    fsrs's forgetting curve in one pass, without an fsrs card per item: R = (1 + factor · t /
    S) ** decay, t the study days since the last review."""
    days = days or _LOCAL_DAYS
    w = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
    decay = -w[20]  # as fsrs's Scheduler works them out, to the last bit
    factor = 0.9 ** (1 / decay) - 1
    today = _day_number(days, now)
    numbers = _day_numbers(days, last_reviews, today)
    out: list[float] = []
    for stability, last, number in zip(stabilities, last_reviews, numbers, strict=True):
        if stability is None or last is None:
            out.append(0.0)
            continue
        value = (1 + factor * max(0, today - number) / stability) ** decay
        out.append(float(value) if math.isfinite(value) else 0.0)
    return out


_BISECTED_DAYS = 120  # study days before today whose starts are looked up; older: one by one


def _day_numbers(days: Days, texts: Sequence[str | None], today: int) -> list[int]:
    """`days.number` of each stored time (0 for None), by bisecting the texts of the day starts
    (fixed-width UTC text sorts as time, and the study day never goes back as time goes on).
    Times after today's start count as today: the elapsed time is cut at 0 anyway."""
    present = [t for t in texts if t is not None]
    if not present:
        return [0] * len(texts)
    oldest = days.number(from_text(min(present)))
    first = max(oldest, today - _BISECTED_DAYS)
    starts = [to_text(days.first_moment(date.fromordinal(n))) for n in range(first + 1, today + 1)]
    out: list[int] = []
    for text in texts:
        if text is None:
            out.append(0)
            continue
        k = bisect_right(starts, text)
        out.append(first + k if k or first == oldest else days.number(from_text(text)))
    return out
