"""The queue, the counts and the stats, which SQLite now counts for them, against plain reference
versions that read every state and every answer, on randomised decks and progress: states for
cards and parts gone from the deck, renamed ids, undone answers, ties, limits, siblings, and study
days in zones with daylight saving and half-hour offsets."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from study_support import make_deck, self_graded
from studydeck.deck.models import Deck
from studydeck.store import ItemKey, ItemState, Store, open_store
from studydeck.study import Days, deck_counts, open_session, queue
from studydeck.study.apart import links
from studydeck.study.items import LEARNING, NEW, RELEARNING, REVIEW, deck_items
from studydeck.study.queue import Today, plan_queue, today_so_far
from studydeck.study.scheduling import retrievability
from studydeck.study.stats import FORECAST_DAYS, HISTORY_DAYS, RETENTION_DAYS, deck_stats

ZONES: list[tzinfo | None] = [
    UTC,
    timezone(timedelta(hours=-5)),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Kolkata"),  # +5:30: day starts inside UTC hours
    ZoneInfo("America/St_Johns"),  # -3:30, with daylight saving changes inside UTC hours
    ZoneInfo("Australia/Lord_Howe"),  # changes its offset by half an hour
    None,  # the computer's zone
]

# ---- reference versions: every state and every answer, one by one ---------------------------


@dataclass
class RefEntry:
    key: ItemKey
    state: ItemState | None


def ref_today(store: Store, day_start: datetime) -> Today:
    today = Today()
    renames = store.renames()
    for r in store.reviews(since=day_start):
        card_id = renames.get((r.deck_id, r.card_id), r.card_id)
        today.cards_seen.add((r.deck_id, card_id))
        if r.state_before == NEW:
            today.new_done[r.deck_id] = today.new_done.get(r.deck_id, 0) + 1
        elif r.state_before == REVIEW:
            today.reviews_done[r.deck_id] = today.reviews_done.get(r.deck_id, 0) + 1
    return today


def ref_interleave(reviews: Sequence[RefEntry], new: Sequence[RefEntry]) -> list[RefEntry]:
    total = len(reviews) + len(new)
    out: list[RefEntry] = []
    r = n = 0
    for k in range(total):
        if n < len(new) and math.ceil((k + 1) * len(new) / total) > n:
            out.append(new[n])
            n += 1
        else:
            out.append(reviews[r])
            r += 1
    return out


def ref_plan(
    decks: Sequence[Deck],
    states: dict[ItemKey, ItemState],
    today: Today,
    now: datetime,
    end: datetime,
) -> tuple[list[RefEntry], list[RefEntry], int, int]:
    learning: list[RefEntry] = []
    reviews: list[tuple[float, int, RefEntry]] = []
    new: list[RefEntry] = []
    taken: set[tuple[str, str]] = set()

    def take(deck: Deck, card_id: str) -> None:
        """A card and the cards kept apart from it (related, or leaking) wait for tomorrow."""
        taken.add((deck.id, card_id))
        taken.update((deck.id, other) for other in links(deck).get(card_id, ()))

    by_id = {deck.id: deck for deck in decks}
    for deck_id, card_id in today.cards_seen:
        taken.add((deck_id, card_id))
        if deck_id in by_id:
            take(by_id[deck_id], card_id)
    for deck in decks:
        entries = [RefEntry(k, states.get(k)) for k, _ in deck_items(deck)]
        for e in entries:
            if e.state is not None and e.state.state != REVIEW and e.state.due < end:
                learning.append(e)
                take(deck, e.key[1])
        deck_reviews = [
            e for e in entries if e.state and e.state.state == REVIEW and e.state.due < end
        ]
        deck_reviews.sort(key=lambda e: retrievability(deck.settings, e.state, now))
        limit = max(0, deck.settings.reviews_per_day - today.reviews_done.get(deck.id, 0))
        for e in deck_reviews:
            if limit and (deck.id, e.key[1]) not in taken:
                take(deck, e.key[1])
                reviews.append((retrievability(deck.settings, e.state, now), len(reviews), e))
                limit -= 1
        limit = max(0, deck.settings.new_per_day - today.new_done.get(deck.id, 0))
        for e in entries:
            if limit and e.state is None and (deck.id, e.key[1]) not in taken:
                take(deck, e.key[1])
                new.append(e)
                limit -= 1
    learning.sort(key=lambda e: e.state.due if e.state else now)
    reviews.sort(key=lambda t: (t[0], t[1]))
    return learning, ref_interleave([e for _, _, e in reviews], new), len(new), len(reviews)


@dataclass
class _Tally:
    cards: int = 0
    new: int = 0
    due_today: int = 0
    reviews: int = 0
    answers: int = 0
    right: int = 0

    @property
    def retention(self) -> float | None:
        return self.right / self.answers if self.answers else None


def ref_stats(store: Store, deck: Deck, now: datetime, days: Days) -> dict[str, Any]:
    renames = store.renames()
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
        state = states.get(key)
        tallies = [total, *(by_tag[t] for t in card.tags)]
        state_counts[state.state if state else NEW] += 1
        for t in tallies:
            t.new += state is None
            if state is not None:
                t.due_today += state.due < day_end if state.state == REVIEW else state.due <= now
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
        for t in [total, *(by_tag[t] for t in card_tags.get(card_id, []))]:
            t.reviews += 1
            if r.state_before == REVIEW and r.reviewed_at >= since:
                t.answers += 1
                t.right += r.correct
    return {
        "cards": total.cards,
        "new": total.new,
        "due_today": total.due_today,
        "reviews": total.reviews,
        "retention": total.retention,
        "states": dict(state_counts),
        "reviews_per_day": [
            (first_day + timedelta(days=i), per_day[first_day + timedelta(days=i)])
            for i in range(HISTORY_DAYS)
        ],
        "forecast": [(today + timedelta(days=i), n) for i, n in enumerate(forecast)],
        "study_days": sorted(studied),
        "tags": [
            (tag, t.cards, t.new, t.due_today, t.reviews, t.retention)
            for tag, t in sorted(by_tag.items())
        ],
    }


# ---- randomised decks and progress ----------------------------------------------------------


@dataclass
class World:
    store: Store
    decks: list[Deck]
    now: datetime
    keys: list[ItemKey] = field(default_factory=list)  # items with state, some gone from the deck


def _cards(rng: random.Random, n: int, tags: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(n):
        extra: dict[str, Any] = {}
        if tags and rng.random() < 0.8:
            extra["tags"] = rng.sample(["geo", "law", "war", "x-1"], rng.randint(1, 2))
        kind = rng.random()
        if kind < 0.3:
            gaps = " ".join(f"{{{{w{j}}}}}" for j in range(rng.randint(1, 3)))
            out.append({"id": f"k{i}", "type": "cloze", "text": f"Say {gaps} now.", **extra})
        else:
            card = {"id": f"k{i}", "type": "basic", "front": f"F{i}", "back": f"B{i}", **extra}
            out.append(card | ({"reverse": True} if kind < 0.55 else {}))
    return out


def _state(rng: random.Random, now: datetime, dues: list[datetime]) -> ItemState:
    kind = rng.choice([REVIEW, REVIEW, REVIEW, LEARNING, RELEARNING])
    if rng.random() < 0.3:
        due = rng.choice(dues)  # ties, and times right on the day's bounds
    elif kind == REVIEW:
        due = now + timedelta(seconds=rng.randrange(-5 * 86400, 40 * 86400))
    else:
        due = now + timedelta(seconds=rng.randrange(-3600, 86400))
    last = due - timedelta(days=rng.uniform(0.01, 30))
    step = None if kind == REVIEW else rng.randrange(2)
    stability = rng.choice([2.5, rng.uniform(0.5, 90)])
    return ItemState(kind, step, stability, rng.uniform(1, 10), due, last, 3, 0)


def build(tmp_path: Path, seed: int, tz: tzinfo | None, starts_at: int) -> World:
    rng = random.Random(seed)
    decks = []
    for d in range(3):
        settings = {
            "new_per_day": rng.choice([0, 2, 5, 30]),
            "reviews_per_day": rng.choice([3, 50]),
        }
        cards = _cards(rng, rng.randint(15, 40), tags=d != 2)
        decks.append(make_deck(tmp_path, f"deck{d}", cards, settings))
    now = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(365 * 86400))
    days = Days(starts_at, tz)
    store = open_store(tmp_path / "progress.sqlite3", now)
    world = World(store, decks, now)
    start, end = days.bounds(now)
    dues = [now, start, end, end - timedelta(microseconds=1), now - timedelta(minutes=5)]
    dues += [days.start(days.day_of(now) + timedelta(days=k)) for k in range(1, 31)]
    with store.writing():
        for deck in decks:
            keys = [k for k, _ in deck_items(deck)]
            # cards and parts no longer in the deck keep their states
            keys += [
                ItemKey(deck.id, "gone", ""),
                ItemKey(deck.id, "k0", "c9"),
                ItemKey(deck.id, "k1", "reverse"),
            ]
            for key in keys:
                if rng.random() < 0.7:
                    store.put_state(key, _state(rng, now, dues))
                    world.keys.append(key)
        # answers: the last year and a little after now, some on the hour and on day starts
        for _ in range(rng.randint(300, 600)):
            deck = rng.choice(decks)
            card_id = rng.choice([c.id for c in deck.cards] + ["gone", "old-name"])
            at = now - timedelta(seconds=rng.randrange(-3600, 400 * 86400))
            if rng.random() < 0.1:
                at = at.replace(minute=0, second=0, microsecond=0)
            if rng.random() < 0.05:
                at = rng.choice(dues)
            before = rng.choice([NEW, LEARNING, REVIEW, REVIEW, RELEARNING])
            correct = rng.random() < 0.7  # drawn before the state, as the log was first made
            after = _state(rng, at, dues)
            review_id = store.insert_review(
                self_graded(
                    ItemKey(deck.id, card_id, ""), at, after, correct=correct, before=before
                )
            )
            if rng.random() < 0.1:
                store.mark_undone(review_id, at)
        # and around the moments the zone changes its offset
        first = int((now - timedelta(days=400)).timestamp()) // 3600
        spans, changing = days.offset_spans(first, first + 402 * 24)
        for moment in [s[0] * 3600 for s in spans[1:]] + [h * 3600 + 1800 for h in changing]:
            for _ in range(6):
                at = datetime.fromtimestamp(moment + rng.randrange(-5400, 5400), UTC)
                store.insert_review(
                    self_graded(
                        ItemKey(decks[0].id, decks[0].cards[0].id, ""),
                        at,
                        _state(rng, at, dues),
                        before=REVIEW,
                    )
                )
        for deck in decks[:2]:  # answers under an old id count for the card it became
            store.rename_card(deck.id, "old-name", deck.cards[1].id, now)
    return world


CASES = [(seed, ZONES[seed % len(ZONES)], (seed * 5) % 24) for seed in range(14)]


@pytest.mark.parametrize(("seed", "tz", "starts_at"), CASES)
def test_queue_counts_and_stats_equal_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, tz: tzinfo | None, starts_at: int
) -> None:
    if seed % 2:  # new items looked for a few cards at a time
        monkeypatch.setattr(queue, "_FIRST_BATCH", 2)
        monkeypatch.setattr(queue, "_LAST_BATCH", 5)
    w = build(tmp_path, seed, tz, starts_at)
    days = Days(starts_at, tz)
    for now in (w.now, w.now + timedelta(hours=7), w.now + timedelta(days=1)):
        start, end = days.bounds(now)
        ids = [d.id for d in w.decks]
        today = today_so_far(w.store, start, ids)
        reference_today = ref_today(w.store, start)
        assert today.cards_seen == {s for s in reference_today.cards_seen if s[0] in ids}
        assert (today.new_done, today.reviews_done) == (
            reference_today.new_done,
            reference_today.reviews_done,
        )
        plan = plan_queue(w.store, w.decks, today, now, end)
        learning, main, new, reviews = ref_plan(w.decks, w.store.states(), today, now, end)
        assert [(e.key, e.state) for e in plan.learning] == [(e.key, e.state) for e in learning]
        assert [(e.key, e.state) for e in plan.main] == [(e.key, e.state) for e in main]
        assert (plan.new, plan.reviews) == (new, reviews)

        for deck in w.decks:
            counts = deck_counts(w.store, deck, now, day_starts_at=starts_at, tz=tz)
            d_learning, _, d_new, d_reviews = ref_plan(
                [deck], w.store.states(deck.id), ref_today(w.store, start), now, end
            )
            due = d_reviews + sum(1 for e in d_learning if e.state and e.state.due <= now)
            assert (counts.new, counts.due, counts.total) == (d_new, due, len(deck_items(deck)))

        stats = deck_stats(w.store, w.decks, now, day_starts_at=starts_at, tz=tz)
        for deck, s in zip(w.decks, stats, strict=True):
            got = {
                "cards": s.cards,
                "new": s.new,
                "due_today": s.due_today,
                "reviews": s.reviews,
                "retention": s.retention,
                "states": s.states,
                "reviews_per_day": s.reviews_per_day,
                "forecast": s.forecast,
                "study_days": s.study_days,
                "tags": [
                    (t.tag, t.cards, t.new, t.due_today, t.reviews, t.retention) for t in s.tags
                ],
            }
            assert got == ref_stats(w.store, deck, now, days)


@pytest.mark.parametrize("seed", range(3))
def test_session_summary_equals_the_reference(tmp_path: Path, seed: int) -> None:
    w = build(tmp_path, seed, UTC, 4)
    session = open_session(w.store, w.decks, w.now, tz=UTC)
    summary = session.summary()
    days = Days(4, UTC)
    _, tomorrow_end = days.bounds(w.now, 1)
    _, week_end = days.bounds(w.now, 7)
    states = w.store.states()
    today_end = days.bounds(w.now)[1]
    found = [s for d in w.decks for k, _ in deck_items(d) if (s := states.get(k))]
    # a learning step due before the day ends comes back today; everything else due is
    # tomorrow's (a review due today and not done is due still)
    today = [s.due for s in found if s.state != "review" and s.due < today_end]
    due = [s.due for s in found if s.state == "review" or s.due >= today_end]
    assert summary.again_today == len(today)
    assert summary.next_today == (min(today) if today else None)
    assert summary.due_tomorrow == sum(d < tomorrow_end for d in due)
    assert summary.due_next_week == sum(d < week_end for d in due)
