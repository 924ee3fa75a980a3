"""Item analysis on first attempts, as Moodle's quiz statistics define it, adapted to learners
who reach different cards.

An item is one separately scheduled part of a card (the card itself, a cloze deletion, the
reverse side). A learner's score on an item is 1 if their first answer was right, 0 if not, and
missing if they never reached it. For an item i, over the learners who reached it:

- facility: the mean score;
- discrimination: the Pearson correlation between the score on i and the learner's rest score
  (the share right first time among the other items they reached), over the learners who reached
  i and at least one other item;
- discriminative efficiency: the covariance of the two over the largest covariance the same two
  lists of values can have (each sorted, paired smallest with smallest);
- and for the class, Cronbach's alpha over the items every included learner reached.

Variances and covariances divide by n (all ratios, so n or n - 1 give the same figures). With
fewer than MIN_LEARNERS learners a figure is None: "too few answers", not a number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

MIN_LEARNERS = 5

Item = TypeVar("Item", bound=Hashable)


@dataclass(frozen=True)
class ItemFigures:
    n: int  # learners who reached the item
    facility: float | None
    n_rest: int  # of those, learners who reached another item too (discrimination's n)
    discrimination: float | None  # None: too few answers, or no spread to correlate
    efficiency: float | None


@dataclass(frozen=True)
class Alpha:
    value: float | None  # None: fewer than 2 items or MIN_LEARNERS learners, or no spread
    items: int
    learners: int


def learner_totals(scores: Mapping[str, Mapping[Item, bool]]) -> dict[str, tuple[int, int]]:
    """Each learner's (items right the first time, items reached): computed once, so a rest
    score costs a subtraction rather than a pass over the learner's items."""
    return {
        learner: (sum(answered.values()), len(answered)) for learner, answered in scores.items()
    }


def rest_scores(
    scores: Mapping[str, Mapping[Item, bool]],
    item: Item,
    totals: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, float]:
    """Each learner who reached `item` and another item: their share right first time on the
    other items they reached."""
    totals = learner_totals(scores) if totals is None else totals
    out: dict[str, float] = {}
    for learner, answered in scores.items():
        if item not in answered:
            continue
        right, reached = totals[learner]
        if reached > 1:
            out[learner] = (right - answered[item]) / (reached - 1)
    return out


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / len(xs)


def item_figures(
    scores: Mapping[str, Mapping[Item, bool]],
    item: Item,
    totals: Mapping[str, tuple[int, int]] | None = None,
) -> ItemFigures:
    """The figures of one item; `scores`: learner -> item -> right the first time (`totals`:
    learner_totals(scores), when many items are analysed)."""
    reached = [answered[item] for answered in scores.values() if item in answered]
    n = len(reached)
    facility = sum(reached) / n if n >= MIN_LEARNERS else None
    rest = rest_scores(scores, item, totals)
    n_rest = len(rest)
    if n_rest < MIN_LEARNERS:
        return ItemFigures(n, facility, n_rest, None, None)
    xs = [float(scores[learner][item]) for learner in rest]
    ys = list(rest.values())
    covariance = _covariance(xs, ys)
    spread = _covariance(xs, xs) * _covariance(ys, ys)
    largest = _covariance(sorted(xs), sorted(ys))
    if spread <= 0 or largest <= 0:  # everyone alike on the item or on the rest
        return ItemFigures(n, facility, n_rest, None, None)
    return ItemFigures(n, facility, n_rest, covariance / math.sqrt(spread), covariance / largest)


def cronbach_alpha(scores: Mapping[str, Mapping[Item, bool]]) -> Alpha:
    """Alpha = k/(k-1) · (1 - Σ var(item) / var(total)), over the items every learner in
    `scores` reached; the learners who reached nothing are left out first."""
    learners = [answered for answered in scores.values() if answered]
    if not learners:
        return Alpha(None, 0, 0)
    common = set(learners[0])
    for answered in learners[1:]:
        common &= set(answered)
    items = sorted(common, key=repr)
    k, n = len(items), len(learners)
    if k < 2 or n < MIN_LEARNERS:
        return Alpha(None, k, n)
    totals = [float(sum(answered[i] for i in items)) for answered in learners]
    total_variance = statistics.pvariance(totals)
    if total_variance <= 0:
        return Alpha(None, k, n)
    item_variance = sum(statistics.pvariance([float(a[i]) for a in learners]) for i in items)
    return Alpha(k / (k - 1) * (1 - item_variance / total_variance), k, n)


def stronger_half(rest: Mapping[str, float]) -> set[str]:
    """The learners whose rest score is above the median rest score (ties at the median are in
    neither half, so the half is never padded with middling learners)."""
    if not rest:
        return set()
    middle = statistics.median(rest.values())
    return {learner for learner, score in rest.items() if score > middle}
