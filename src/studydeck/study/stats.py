"""Progress figures for the stats screen and `studydeck stats`.

Cram answers are never in the log, so nothing here needs to leave them out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from studydeck.deck.models import Deck
from studydeck.store import ItemState, LoggedReview, Store
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.items import LEARNING, NEW, RELEARNING, REVIEW, deck_items
from studydeck.study.renames import carry_renames

RETENTION_DAYS = 30
HISTORY_DAYS = 56  # reviews per day: the last 8 weeks
FORECAST_DAYS = 30


@dataclass
class _Tally:
    cards: int = 0
    new: int = 0
    due_now: int = 0
    reviews: int = 0
    recent_review_answers: int = 0  # answers to items in review state, last 30 days
    recent_review_right: int = 0

    @property
    def retention(self) -> float | None:
        if not self.recent_review_answers:
            return None
        return self.recent_review_right / self.recent_review_answers


@dataclass(frozen=True)
class TagStats:
    tag: str
    cards: int
    new: int  # items never studied
    due_now: int
    reviews: int
    retention: float | None


@dataclass(frozen=True)
class DeckStats:
    id: str
    title: str
    cards: int
    new: int  # items never studied (not limited by the day's new-card limit)
    due_now: int  # learning items due now and reviews due today (not limited either)
    reviews: int  # answers in the log, all time (undone ones excluded)
    retention: float | None  # share of review answers that were right, last 30 days (auto-graded:
    # the grade's verdict, whatever rating the learner chose; self-graded: any rating but Again)
    states: dict[str, int]  # items per state: new, learning, review, relearning
    reviews_per_day: list[tuple[date, int]]  # the last 8 weeks of study days, oldest first
    forecast: list[tuple[date, int]]  # items falling due on each of the next 30 days (today:
    # everything due by the end of today, overdue included)
    study_days: list[date]  # every study day with at least one answer
    tags: list[TagStats] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The fields `studydeck stats --json` prints."""
        return {
            "id": self.id,
            "title": self.title,
            "cards": self.cards,
            "new": self.new,
            "due_now": self.due_now,
            "reviews": self.reviews,
            "retention": None if self.retention is None else round(self.retention, 4),
        }


def deck_stats(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    *,
    day_starts_at: int = DEFAULT_DAY_STARTS_AT,
    tz: tzinfo | None = None,
) -> list[DeckStats]:
    carry_renames(store, decks, now)
    days = Days(day_starts_at, tz)
    renames = store.renames()
    return [_one(store, deck, now, days, renames) for deck in decks]


def _is_due(state: ItemState, now: datetime, day_end: datetime) -> bool:
    if state.state == REVIEW:
        return state.due < day_end
    return state.due <= now


def _one(
    store: Store, deck: Deck, now: datetime, days: Days, renames: dict[tuple[str, str], str]
) -> DeckStats:
    today = days.day_of(now)
    _, day_end = days.bounds(now)
    states = store.states(deck.id)
    total = _Tally(cards=len(deck.cards))
    by_tag: dict[str, _Tally] = defaultdict(_Tally)
    state_counts = Counter({NEW: 0, LEARNING: 0, REVIEW: 0, RELEARNING: 0})
    forecast = [0] * FORECAST_DAYS
    card_tags = {c.id: c.tags for c in deck.cards}
    for card in deck.cards:
        for tag in card.tags:
            by_tag[tag].cards += 1
    for key, card in deck_items(deck):
        state = states.get(key.as_tuple)
        tallies = [total, *(by_tag[t] for t in card.tags)]
        state_counts[state.state if state else NEW] += 1
        for t in tallies:
            t.new += state is None
            t.due_now += state is not None and _is_due(state, now, day_end)
        if state is not None:
            ahead = max(0, (days.day_of(state.due) - today).days)
            if ahead < FORECAST_DAYS:
                forecast[ahead] += 1

    since = now - timedelta(days=RETENTION_DAYS)
    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    per_day: Counter[date] = Counter()
    studied: set[date] = set()
    for r in store.reviews(deck.id):
        day = days.day_of(r.reviewed_at)
        studied.add(day)
        if day >= first_day:
            per_day[day] += 1
        card_id = renames.get((r.deck_id, r.card_id), r.card_id)
        tallies = [total, *(by_tag[t] for t in card_tags.get(card_id, []))]
        for t in tallies:
            t.reviews += 1
            _count_retention(t, r, since)

    return DeckStats(
        id=deck.id,
        title=deck.title,
        cards=total.cards,
        new=total.new,
        due_now=total.due_now,
        reviews=total.reviews,
        retention=total.retention,
        states=dict(state_counts),
        reviews_per_day=[
            (first_day + timedelta(days=i), per_day[first_day + timedelta(days=i)])
            for i in range(HISTORY_DAYS)
        ],
        forecast=[(today + timedelta(days=i), n) for i, n in enumerate(forecast)],
        study_days=sorted(studied),
        tags=[
            TagStats(tag, t.cards, t.new, t.due_now, t.reviews, t.retention)
            for tag, t in sorted(by_tag.items())
        ],
    )


def _count_retention(t: _Tally, r: LoggedReview, since: datetime) -> None:
    if r.state_before == REVIEW and r.reviewed_at >= since:
        t.recent_review_answers += 1
        t.recent_review_right += r.correct
