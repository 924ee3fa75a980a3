"""The rows the progress file is read and written in: an item's state, an answer, a fit."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from studydeck.store.keys import DeckItem, ItemKey
from studydeck.store.times import from_text


class StateRow(NamedTuple):
    """An items row as the queries read it (times as stored: UTC text)."""

    card_id: str
    part: str
    state: str
    step: Any
    stability: Any
    difficulty: Any
    due: str
    last_review: Any
    reps: int
    lapses: int


class RecallRow(NamedTuple):
    """What an item's retrievability needs (its last review as stored: UTC text)."""

    item: DeckItem
    stability: float | None
    last_review: str | None


class LearningDue(NamedTuple):
    """The deck's items in learning or relearning due by a time, as four columns (one entry per
    item in each): the queue maps over whole columns."""

    card_ids: list[str]
    parts: list[str]
    states: list[str]
    dues: list[str]  # as stored: UTC text


class CardWithNewItems(NamedTuple):
    """A card with at least one item not studied yet, and the parts of it that were."""

    card_id: str
    studied_parts: set[str]


class CardAnswered(NamedTuple):
    """An answer as the day's queue counts it: which card (its id as answered), in which state."""

    deck_id: str
    card_id: str
    state_before: str


class RecentRating(NamedTuple):
    """An answer as the learner's rating habits count it: the item, its state before, the rating."""

    item: ItemKey
    state_before: str
    rating: int


class ItemsWithState(NamedTuple):
    """A deck's items that have a state, and those states, as two columns."""

    items: list[DeckItem]
    states: list[str]


class ReviewVerdicts(NamedTuple):
    """Answers to items in review state, as two columns: the card each answered (its id as
    answered), and a byte each for the verdict (1 right, 0 wrong)."""

    card_ids: list[str]
    right: bytes


class ReviewTotals(NamedTuple):
    """How many answers to items in review state, and how many of them right."""

    answers: int
    right: int


class HourSpan(NamedTuple):
    """The first and last hour with an answer, in whole hours since 1970-01-01T00:00Z."""

    first: int
    last: int


class HourCount(NamedTuple):
    """Answers in one hour (whole hours since 1970-01-01T00:00Z)."""

    hour: int
    answers: int


class DayCounts(NamedTuple):
    """Answers per day number, and apart those of the hours that a day boundary cuts."""

    whole: dict[int, int]
    cut: list[HourCount]


class AnsweredHours(NamedTuple):
    """A UTC day (whole days since 1970) and a bit mask of its hours with answers (bit h: the
    hour starting h:00)."""

    day: int
    hours: int


class ItemState(NamedTuple):
    """One item's scheduling state (an item without a row is new). A named tuple: made by the
    thousand when a queue is planned, and a tuple is made several times faster than a frozen
    dataclass."""

    state: str  # learning | review | relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """One answer, as appended to the log. Keywords only: five of its fields are text, and a
    swap of two by position would still type-check."""

    deck_id: str
    card_id: str
    part: str
    card_type: str
    content_hash: str
    shown_at: datetime  # the schedule is computed as of this moment (what `intervals` showed)
    reviewed_at: datetime
    answer: str | None  # JSON
    correct: bool
    rating: int
    proposed: int | None
    automatic: bool
    elapsed: float
    state_before: str
    after: ItemState


class SavedFit(NamedTuple):
    """A fit of the scheduler's parameters to the learner's answers (study/optimizer.py), as
    kept in the progress file."""

    fitted_at: datetime
    reviews: int  # long-term reviews it was fitted on
    parameters: tuple[float, ...]
    accepted: bool  # predicted the answers better than the parameters in use: in use since
    log_loss_before: float  # of the parameters in use until then, on the same reviews
    rmse_before: float
    log_loss_after: float  # of the fitted parameters
    rmse_after: float


@dataclass(frozen=True)
class LoggedReview:
    """A row of the log as read back."""

    id: int
    deck_id: str
    card_id: str
    part: str
    card_type: str
    shown_at: datetime
    reviewed_at: datetime
    correct: bool
    rating: int
    elapsed: float
    state_before: str
    undone: bool
    content_hash: str  # which version of the card was answered
    answer: str | None  # the learner's answer as JSON, None for self-graded cards


STATES = frozenset({"learning", "review", "relearning"})  # an item's state in `items`


def _known_state(state: object) -> str:
    """An item's state as read: one of the three studydeck writes, or a ValueError (read as
    damage): the value is shown on screen, so nothing else may pass."""
    if state not in STATES:
        raise ValueError(f"an item's state is {str(state)[:40]!r}")
    return str(state)


def _state(row: tuple[object, ...] | sqlite3.Row) -> ItemState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return ItemState(
        state=_known_state(state),
        step=step if isinstance(step, int) else None,
        stability=float(stability) if isinstance(stability, int | float) else None,
        difficulty=float(difficulty) if isinstance(difficulty, int | float) else None,
        due=from_text(str(due)),
        last_review=from_text(str(last_review)) if last_review else None,
        reps=reps if type(reps) is int else int(str(reps)),
        lapses=lapses if type(lapses) is int else int(str(lapses)),
    )
