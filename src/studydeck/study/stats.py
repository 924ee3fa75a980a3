"""Progress figures for the stats screen and `studydeck stats`.

Cram answers are never in the log, so nothing here needs to leave them out.

Nothing here goes through the log answer by answer: SQLite counts the items by state and due
day, the answers come from the sums the store keeps per UTC hour and per card (kept equal to the
log by triggers), and only the last 30 days of review answers are read, as two JSON arrays, for
the retention of each tag.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import compress, repeat
from typing import Any

from studydeck.store import ItemKey, ItemState, Store
from studydeck.store.keys import card_and_part, deck_item
from studydeck.store.rows import HourCount
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.index import LEARNING, NEW, RELEARNING, REVIEW, DeckIndex, DeckLike, deck_index
from studydeck.study.renames import carry_renames

RETENTION_DAYS = 30
HISTORY_DAYS = 56  # reviews per day: the last 8 weeks
FORECAST_DAYS = 30
_STATES = (NEW, LEARNING, REVIEW, RELEARNING)


@dataclass
class _Tally:
    cards: int = 0
    new: int = 0
    due_today: int = 0
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
    due_today: int
    reviews: int
    retention: float | None


@dataclass(frozen=True)
class DeckStats:
    id: str
    title: str
    cards: int
    new: int  # items never studied (not limited by the day's new-card limit)
    # due today: reviews due by the end of today's study day and learning steps due now,
    # before the deck's daily review limit and with no card held back for a related one (home's
    # "Due now" is how many of them a session started now asks)
    due_today: int
    reviews: int  # answers in the log, all time (undone ones excluded)
    retention: float | None  # share of review answers that were right, last 30 days (auto-graded:
    # the grade's verdict, whatever rating the learner chose; self-graded: any rating but Again)
    states: dict[str, int]  # items per state: new, learning, review, relearning
    reviews_per_day: list[tuple[date, int]]  # the last 8 weeks of study days, oldest first
    forecast: list[tuple[date, int]]  # items falling due on each of the next 30 days (today:
    # everything due by the end of today, overdue included)
    study_days: list[date]  # every study day with at least one answer
    tags: list[TagStats] = field(default_factory=list)

    @property
    def questions(self) -> int:
        """Questions in the deck (study/words.py): the sum of the questions in each state."""
        return sum(self.states.values())

    def to_json(self) -> dict[str, Any]:
        """The fields `studydeck stats --json` prints, in the words of study/words.py:
        questions = not_seen + learning + review + relearning; answers are given ones."""
        return {
            "id": self.id,
            "title": self.title,
            "cards": self.cards,
            "questions": self.questions,
            "not_seen": self.states.get(NEW, 0),
            "learning": self.states.get(LEARNING, 0),
            "review": self.states.get(REVIEW, 0),
            "relearning": self.states.get(RELEARNING, 0),
            "due_today": self.due_today,
            "answers": self.reviews,
            "retention": None if self.retention is None else round(self.retention, 4),
        }


def deck_stats(
    store: Store,
    decks: Sequence[DeckLike],
    now: datetime,
    *,
    day_starts_at: int = DEFAULT_DAY_STARTS_AT,
    tz: tzinfo | None = None,
) -> list[DeckStats]:
    carry_renames(store, decks, now)
    calendar = _Calendar(store, Days(day_starts_at, tz), now, [d.id for d in decks])
    renames = store.renames()
    return [_one(store, deck, now, calendar, renames) for deck in decks]


def _is_due(state: ItemState, now: datetime, day_end: datetime) -> bool:
    if state.state == REVIEW:
        return state.due < day_end
    return state.due <= now


class _Calendar:
    """The study days of `now`'s calendar: today, the forecast's day starts, and answers per
    study day summed from the answers per UTC hour."""

    def __init__(self, store: Store, days: Days, now: datetime, deck_ids: Sequence[str]) -> None:
        self.store = store
        self.days = days
        self.today = days.day_of(now)
        self.day_end = days.bounds(now)[1]
        # forecast[k] counts items due from the start of day today+k to the next (0: by the
        # end of today, overdue included)
        self.forecast_starts = [
            days.first_moment(self.today + timedelta(days=k)) for k in range(1, FORECAST_DAYS + 1)
        ]
        span = store.answered_hour_span(deck_ids)
        self.spans, self.changing = (
            days.offset_spans(span.first, span.last + 1) if span else ([], [])
        )

    def forecast_day(self, due: datetime) -> int:
        """The forecast's day index for an item due at `due` (FORECAST_DAYS: further away)."""
        return bisect_right(self.forecast_starts, due)

    def answers_per_day(self, deck_id: str, since: date) -> Counter[date]:
        """Answers (not undone) per study day from `since` on. Whole hours come from the hourly
        sums; an hour that a day start cuts (zones offset by half hours) is split with the
        log, and an hour in which the zone changes its offset is read answer by answer."""
        per_day: Counter[int] = Counter()
        for first, end, shift in self._shifts():
            first = max(first, ((since - _EPOCH).days * 86400 - shift) // 3600)
            if first < end:
                whole, cut = self.store.answer_counts_by_day(deck_id, first, end, shift)
                per_day.update(whole)
                self._split(deck_id, cut, shift, per_day)
        out = self._dates(deck_id, per_day)
        return Counter({d: n for d, n in out.items() if d >= since})

    def study_days(self, deck_id: str) -> list[date]:
        """Every study day with an answer (not undone), from the hours with answers of each UTC
        day: with a whole-hour shift k = 24q + r, hours before 24 - r fall on study day
        UTC day + q, the others on the next."""
        per_day: Counter[int] = Counter()
        for first, end, shift in self._shifts():
            if shift % 3600:  # half-hour zones: from the hourly sums and the log
                whole, cut = self.store.answer_counts_by_day(deck_id, first, end, shift)
                per_day.update(whole)
                self._split(deck_id, cut, shift, per_day)
                continue
            q, r = divmod(shift // 3600, 24)
            early = (1 << (24 - r)) - 1
            for day, hours in self.store.answered_hours_by_day(
                deck_id, first // 24, (end - 1) // 24
            ):
                if day * 24 < first or day * 24 + 24 > end:  # only this span's hours
                    low, high = max(0, first - day * 24), min(24, end - day * 24)
                    hours &= (1 << high) - (1 << low)
                if hours & early:
                    per_day[day + q] = 1
                if hours >> (24 - r):
                    per_day[day + q + 1] = 1
        return sorted(self._dates(deck_id, per_day))

    def _shifts(self) -> list[tuple[int, int, int]]:
        """(first hour, end hour, seconds from UTC to the study day's clock) of each span."""
        starts_at = self.days.starts_at * 3600
        return [(first, end, offset - starts_at) for first, end, offset in self.spans]

    def _split(self, deck_id: str, cut: list[HourCount], shift: int, per_day: Counter[int]) -> None:
        """Share out the answers of hours that a day start cuts, by the log."""
        for hour, answers in cut:
            day, into = divmod(hour * 3600 + shift, 86400)
            start, boundary = _moment(hour * 3600), _moment(hour * 3600 + 86400 - into)
            before = len(self.store.answer_times_between(deck_id, start, boundary))
            per_day[day] += before
            per_day[day + 1] += answers - before

    def _dates(self, deck_id: str, per_day: Counter[int]) -> Counter[date]:
        """Day numbers as dates, with the answers of the hours in which the zone changes its
        offset added answer by answer."""
        out: Counter[date] = Counter()
        for hour in self.changing:
            for t in self.store.answer_times_between(
                deck_id, _moment(hour * 3600), _moment(hour * 3600 + 3600)
            ):
                out[self.days.day_of(t)] += 1
        for day, answers in per_day.items():
            if answers:
                out[_EPOCH + timedelta(days=day)] += answers
        return out


_EPOCH = date(1970, 1, 1)


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _one(
    store: Store,
    deck: DeckLike,
    now: datetime,
    calendar: _Calendar,
    renames: dict[tuple[str, str], str],
) -> DeckStats:
    index = deck_index(deck)
    today = calendar.today
    total = _Tally(cards=len(deck.cards))
    by_tag = {tag: _Tally(cards=len(ids)) for tag, ids in index.tags.items()}

    # items: those with a state, counted by state; then due now, and due on each coming day,
    # counted by SQLite. Items of cards or parts no longer in the deck are left out.
    keys, states = store.items_with_state(deck.id)
    with_state = set(keys)
    new_keys = index.keys - with_state
    counted = len(with_state) + len(new_keys) != len(index.keys)  # some not in the deck
    gone = with_state - index.keys if counted else set()
    state_counts = Counter({NEW: len(new_keys), LEARNING: 0, REVIEW: 0, RELEARNING: 0})
    state_counts.update(states)
    forecast = store.due_counts_between(deck.id, calendar.forecast_starts)
    for key in gone:
        card_id, part = card_and_part(key)
        state = store.item_state(ItemKey(deck.id, card_id, part))
        assert state is not None
        state_counts[state.state] -= 1
        ahead = calendar.forecast_day(state.due)
        if ahead < FORECAST_DAYS:
            forecast[ahead] -= 1
        if not state_counts[state.state] and state.state not in _STATES:
            del state_counts[state.state]
    suspended = {  # leeches the learner suspended are not due: no queue shows them
        deck_item(c, p)
        for (_, c, p), choice in store.leech_choices([deck.id]).items()
        if choice.suspended
    }
    due_today = [
        k
        for k in store.items_due_now(deck.id, now, calendar.day_end)
        if k in index.keys and k not in suspended
    ]
    total.new, total.due_today = len(new_keys), len(due_today)
    if by_tag:
        cards, position = deck.cards, index.position
        for key in new_keys:
            for tag in cards[position[card_and_part(key)[0]]].tags:
                by_tag[tag].new += 1
        for key in due_today:
            for tag in cards[position[card_and_part(key)[0]]].tags:
                by_tag[tag].due_today += 1

    # answers: per card (as answered) for the tags; the deck's own totals otherwise
    since = now - timedelta(days=RETENTION_DAYS)
    if by_tag:
        answers = store.answer_counts_by_card(deck.id)
        recent, right = store.review_verdicts_since(deck.id, since)
        total.reviews = sum(answers.values())
        total.recent_review_answers, total.recent_review_right = len(recent), sum(right)
        recent_answers = Counter(recent)
        recent_right = Counter(compress(recent, right))
        for tag, card_ids in _answered_as(deck, index, renames).items():
            t = by_tag[tag]
            t.reviews = sum(map(answers.get, card_ids, repeat(0)))
            t.recent_review_answers = sum(map(recent_answers.get, card_ids, repeat(0)))
            t.recent_review_right = sum(map(recent_right.get, card_ids, repeat(0)))
    else:
        total.reviews = store.answer_count(deck.id)
        answered, right_ = store.review_totals_since(deck.id, since)
        total.recent_review_answers, total.recent_review_right = answered, right_

    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    per_day = calendar.answers_per_day(deck.id, first_day)
    return DeckStats(
        id=deck.id,
        title=deck.title,
        cards=total.cards,
        new=total.new,
        due_today=total.due_today,
        reviews=total.reviews,
        retention=total.retention,
        states=dict(state_counts),
        reviews_per_day=[
            (first_day + timedelta(days=i), per_day[first_day + timedelta(days=i)])
            for i in range(HISTORY_DAYS)
        ],
        forecast=[(today + timedelta(days=i), n) for i, n in enumerate(forecast)],
        study_days=calendar.study_days(deck.id),
        tags=[
            TagStats(tag, t.cards, t.new, t.due_today, t.reviews, t.retention)
            for tag, t in sorted(by_tag.items())
        ],
    )


def _answered_as(
    deck: DeckLike, index: DeckIndex, renames: dict[tuple[str, str], str]
) -> dict[str, list[str]]:
    """Tag → the card ids its cards' answers are logged under: a renamed card's answers are
    logged under its old id, and an id that was renamed away counts for its new card."""
    moved = {old: new for (deck_id, old), new in renames.items() if deck_id == deck.id}
    if not moved:
        return index.tags
    out = {tag: [c for c in ids if c not in moved] for tag, ids in index.tags.items()}
    for old, new in moved.items():
        pos = index.position.get(new)
        for tag in deck.cards[pos].tags if pos is not None else []:
            out[tag].append(old)
    return out
