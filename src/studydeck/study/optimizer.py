"""FSRS parameters fitted to the learner's own answers, as Anki's FSRS "Optimize" does.

The scheduler starts from FSRS's default parameters: a model of an average learner. A learner
who forgets faster or slower than that gets a recall at review that misses the desired retention
(in the scheduling benchmark, 0.82 instead of 0.9). Fitting the 21 parameters to the learner's
review log with fsrs-rs (the Rust FSRS that Anki uses, through `fsrs_rs_python`) closes most of
that gap.

Training items are built as Anki builds them: one per long-term review (an answer on a later
study day than the item's previous answer), holding the item's whole history up to and including
that answer, with the time between answers in study days (`Days`), as the scheduler counts it
(study/scheduling.py). Same-day answers (learning steps) stay in the history with 0 days.

A fit is kept only if the fitted parameters predict the same answers better (lower log loss)
than the parameters in use; otherwise the current ones stay, as in Anki. Every use of
`fsrs_rs_python` is in this module.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import fsrs_rs_python as F
from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULTS
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from studydeck.store import ItemKey
from studydeck.study.days import Days

# the scheduler's defaults (fsrs-rs has the same ones, in 32-bit floats)
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(FSRS_DEFAULTS)
PARAMETER_COUNT = len(DEFAULT_PARAMETERS)  # 21: FSRS-6

# The refit rule (`refit_due`). fsrs-rs returns the default parameters below 8 training items
# and fits only the four initial stabilities below 64; from 64 on it trains all 21, but on a
# few days' reviews (short intervals only) a fit often predicts the next days' answers no better
# than the defaults. In the scheduling benchmark (500 cards, 180 days, Good/Again, r = 0.9,
# 3 fsrs-like and 3 exponential learners), a first fit at 100, 200, 400 or 800 long-term reviews
# gave the same recall at review within noise (fsrs-like, from day 60: 0.884, 0.893, 0.888,
# 0.887; defaults throughout: 0.880; exponential: 0.851-0.857 against 0.764). 400 is two to
# three weeks of daily study at 20 new cards a day: enough for intervals of a few weeks to be in
# the log, and well above the 64 from which fsrs-rs fits all parameters.
MIN_REVIEWS = 400
REFIT_GROWTH = 0.2  # refit once the long-term reviews have grown by a fifth since the last fit


class Answer(NamedTuple):
    """One kept answer of the log: which item, the rating saved (1-4, as `Rating`), and when
    the item was shown (the moment the schedule was computed from). A named tuple, immutable as
    a frozen dataclass: a fit reads the whole log, and this is made eight times faster."""

    key: ItemKey
    rating: int
    at: datetime


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict the answers: log loss, and RMSE over recall bins (lower is
    better for both)."""

    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    """The result of `fit`: the parameters to use from now on (the fitted ones if `better`,
    else the current ones), the number of long-term reviews they were fitted on, and the
    evaluation of the current and the fitted parameters on those reviews."""

    parameters: tuple[float, ...]
    reviews: int
    current: Evaluation | None  # None: too few reviews to evaluate
    fitted: Evaluation | None
    fitted_parameters: tuple[float, ...]
    better: bool


def training_items(answers: Iterable[Answer], days: Days) -> list[F.FSRSItem]:
    """fsrs-rs training items from the answers: per item (key), in time order, one training
    item for each answer on a later study day than the item's previous answer.

    The answers may come in any order of keys (the store gives them as the log has them, a
    simulation in time order), each item's own in time order. An answer on an earlier study day
    than the one before it (the computer's clock was set back) counts as the same day, as the
    scheduler counts it.
    """
    items: list[F.FSRSItem] = []
    histories: dict[ItemKey, _History] = {}
    day_number = _DayNumbers(days)
    with _no_cycle_collection():
        for answer in answers:
            _add(answer, day_number(answer.at), histories, items)
    return items


def _add(
    answer: Answer, day: int, histories: dict[ItemKey, _History], items: list[F.FSRSItem]
) -> None:
    """Add an answer to its item's history, and a training item if it is a long-term review."""
    history = histories.get(answer.key)
    if history is None:
        histories[answer.key] = _History(day, [F.FSRSReview(answer.rating, 0)])
        return
    elapsed = max(0, day - history.day)
    history.reviews.append(F.FSRSReview(answer.rating, elapsed))
    history.day = day
    if elapsed > 0:
        # the Rust side copies the reviews: later appends do not change this item
        items.append(F.FSRSItem(history.reviews))


class _DayNumbers:
    """`days.number`, with the zone's UTC offset looked up once per hour of UTC time (a long
    log spends more time in the zone lookup than in anything else). An hour in which the offset
    changes is counted answer by answer."""

    def __init__(self, days: Days) -> None:
        self.days = days
        self.offsets: dict[int, int | None] = {}  # hour since 1970 → offset in s (None: changes)
        self.shift = days.starts_at * 3600

    def __call__(self, when: datetime) -> int:
        seconds = (when - _EPOCH) // _SECOND
        hour = seconds // 3600
        offset = self.offsets.get(hour, _UNKNOWN)
        if offset is _UNKNOWN:
            first, last = self.days.offset(hour * 3600), self.days.offset(hour * 3600 + 3599)
            offset = self.offsets[hour] = first if first == last else None
        if offset is None:
            return self.days.number(when)
        assert isinstance(offset, int)
        return (seconds + offset - self.shift) // 86400 + _EPOCH_ORDINAL


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = _EPOCH.date().toordinal()
_SECOND = timedelta(seconds=1)
_UNKNOWN = object()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million objects without cycles are made: its
    passes over the growing lists took a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _History:
    day: int  # the study day of the latest answer
    reviews: list[F.FSRSReview]


def evaluate(parameters: Sequence[float], items: Sequence[F.FSRSItem]) -> Evaluation:
    result = F.FSRS(list(parameters)).evaluate(items)
    return Evaluation(float(result.log_loss), float(result.rmse_bins))


def fit(answers: Iterable[Answer], days: Days, current: Sequence[float] | None) -> Fit:
    """Fit FSRS parameters to the answers; keep `current` (None: the defaults) unless the
    fitted ones evaluate better on the same reviews."""
    return fit_items(training_items(answers, days), current)


def fit_items(items: Sequence[F.FSRSItem], current: Sequence[float] | None) -> Fit:
    """`fit`, on training items already built."""
    in_use = _checked(current) if current is not None else DEFAULT_PARAMETERS
    if not items:
        return Fit(in_use, 0, None, None, in_use, better=False)
    try:
        fitted = _within_bounds(F.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items))
        before = evaluate(in_use, items)
        after = evaluate(fitted, items)
    except ValueError:  # fsrs-rs: "NotEnoughData" once its own filters leave nothing
        return Fit(in_use, len(items), None, None, in_use, better=False)
    better = after.log_loss < before.log_loss
    return Fit(fitted if better else in_use, len(items), before, after, fitted, better)


def refit_due(reviews_now: int, fitted_on: int | None) -> bool:
    """Whether to fit now, given the long-term reviews in the log (`Fit.reviews` of a fit
    now) and those the last fit used (None: never fitted).

    The rule: at least MIN_REVIEWS long-term reviews, and, once fitted, REFIT_GROWTH (20 %)
    more than the last fit had. Parameters move little between fits on nearly the same log,
    and a fit of a long log takes seconds: growth in proportion keeps fits rare as the log
    grows (Anki leaves refitting to the learner, and suggests it every month or so).
    """
    if reviews_now < MIN_REVIEWS:
        return False
    if fitted_on is None:
        return True
    return reviews_now >= math.ceil(fitted_on * (1 + REFIT_GROWTH))


def reviews_needed(reviews_now: int) -> int:
    """How many more long-term reviews the first fit waits for (0: none)."""
    return max(0, MIN_REVIEWS - reviews_now)


def _within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """fsrs-rs clips to the same bounds as the `fsrs` package, but in 32-bit floats: 0.8 comes
    back as 0.800000011…, which `fsrs.Scheduler` would refuse."""
    values = _checked(parameters)
    return tuple(
        min(max(p, low), high)
        for p, low, high in zip(
            values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def _checked(parameters: Sequence[float]) -> tuple[float, ...]:
    values = tuple(float(p) for p in parameters)
    if len(values) != PARAMETER_COUNT or not all(math.isfinite(p) for p in values):
        raise ValueError(f"FSRS needs {PARAMETER_COUNT} finite parameters, got {values}")
    return values
