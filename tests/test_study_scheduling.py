"""Scheduling counts time in study days: elapsed days for fsrs, retrievability, due dates.

fsrs counts whole 24-hour periods since the last review; studydeck's day starts at 4 a.m. local,
so studydeck gives fsrs the number of study days between the two reviews instead. Every time
here is given by the test (a moved clock); nothing reads the real clock.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import State
from fsrs.scheduler import DEFAULT_PARAMETERS

from study_support import FakeClock, basic, make_deck
from studydeck.deck.models import Settings
from studydeck.store import ItemKey, ItemState, open_store
from studydeck.store.times import to_text
from studydeck.study import Days, Rating, open_session
from studydeck.study.rebuild import rebuild_state
from studydeck.study.scheduling import (
    _fsrs_card,
    preview,
    retrievabilities,
    retrievability,
    review,
    scheduler_for,
)

EST = timezone(timedelta(hours=-5))
NEW_YORK = ZoneInfo("America/New_York")
SETTINGS = Settings()
KEY = ItemKey("d", "a", "")


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def reviewed(last: datetime, stability: float = 3.0, difficulty: float = 5.0) -> ItemState:
    """An item in review, last answered at `last`."""
    return ItemState("review", None, stability, difficulty, last + timedelta(days=3), last, 4, 0)


def fsrs_after(state: ItemState, rating: Rating, now: datetime, days: int) -> FsrsCard:
    """What fsrs itself makes of `state` reviewed at `now`, `days` whole days after the last."""
    card = FsrsCard(
        card_id=0,
        state=State.Review,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=now - timedelta(days=days),
    )
    return scheduler_for(SETTINGS).review_card(card, FsrsRating(int(rating)), now)[0]


# ---- elapsed time in study days -------------------------------------------------------------

# (last review, this review, zone, study days between): the day starts at 4 a.m. in that zone
CASES = [
    # 20 h apart on consecutive study days: one day (fsrs alone would count 0)
    (utc(2025, 3, 10, 9), utc(2025, 3, 11, 5), UTC, 1),
    # 22 h apart within one study day (09:00, then 03:00 before the day ends): the same day
    (utc(2025, 3, 10, 5), utc(2025, 3, 11, 3), UTC, 0),
    # 30 h apart across two day starts (23:00 Monday, 05:00 Wednesday): two days (fsrs: 1)
    (utc(2025, 3, 10, 23), utc(2025, 3, 12, 5), UTC, 2),
    # 47 h apart across one day start (04:10 Monday, 03:10 Wednesday): one day
    (utc(2025, 3, 10, 4, 10), utc(2025, 3, 12, 3, 10), UTC, 1),
    # in New York (UTC-5 in winter): 21:00 and 03:59 the next night are one study day...
    (utc(2025, 2, 11, 2), utc(2025, 2, 11, 8, 59), EST, 0),
    # ...and 04:01 is the next one, 7 h later
    (utc(2025, 2, 11, 2), utc(2025, 2, 11, 9, 1), NEW_YORK, 1),
]


@pytest.mark.parametrize(("last", "now", "zone", "days"), CASES)
@pytest.mark.parametrize("rating", list(Rating))
def test_fsrs_sees_the_study_days_between_reviews(
    last: datetime, now: datetime, zone: timezone | ZoneInfo, days: int, rating: Rating
) -> None:
    state = reviewed(last)
    after = review(SETTINGS, KEY, state, rating, now, Days(4, zone))
    expected = fsrs_after(state, rating, now, days)
    assert (after.stability, after.difficulty) == (expected.stability, expected.difficulty)
    assert after.last_review == now  # the store keeps the real time


def test_a_review_the_next_study_day_grows_stability_like_a_one_day_review() -> None:
    state = reviewed(utc(2025, 3, 10, 9), stability=1.0)
    now = utc(2025, 3, 11, 5)  # 20 h later, the next study day
    ours = review(SETTINGS, KEY, state, Rating.GOOD, now, Days(4, UTC))
    same_day = fsrs_after(state, Rating.GOOD, now, 0)  # fsrs on its own: 0 whole days
    assert ours.stability is not None and same_day.stability is not None
    assert ours.stability > 2 * same_day.stability
    assert ours.due - now >= timedelta(days=2)


def test_learning_items_count_study_days_too() -> None:
    # a learning step answered the next study day, 20 h later, is a long-term review
    first = review(SETTINGS, KEY, None, Rating.AGAIN, utc(2025, 3, 10, 9), Days(4, UTC))
    assert first.state == "learning"
    now = utc(2025, 3, 11, 5)
    after = review(SETTINGS, KEY, first, Rating.GOOD, now, Days(4, UTC))
    card = FsrsCard(
        card_id=0,
        state=State.Learning,
        step=first.step,
        stability=first.stability,
        difficulty=first.difficulty,
        due=first.due,
        last_review=now - timedelta(days=1),
    )
    expected = scheduler_for(SETTINGS).review_card(card, FsrsRating.Good, now)[0]
    assert after.stability == expected.stability


@pytest.mark.parametrize(
    ("state", "days_back"),
    [
        (None, 0),
        (ItemState("learning", 0, 2.3, 5.1, utc(2025, 3, 10, 9, 10), utc(2025, 3, 10, 9), 1, 0), 0),
        (ItemState("learning", None, None, None, utc(2025, 3, 10, 9), None, 0, 0), 0),
        (ItemState("relearning", 1, 0.8, 7.0, utc(2025, 3, 10, 9), utc(2025, 3, 9, 9), 6, 1), 1),
        (reviewed(utc(2025, 3, 7, 9)), 3),
    ],
)
def test_the_card_fsrs_is_given_is_the_card_fsrs_would_make(
    state: ItemState | None, days_back: int
) -> None:
    # the item's state as fsrs's own Card holds it, its last review whole study days back
    now = utc(2025, 3, 10, 12)
    ours = _fsrs_card(state, now, Days(4, UTC))
    if state is None:
        theirs = FsrsCard(card_id=0, due=now)
    else:
        theirs = FsrsCard(
            card_id=0,
            state={"learning": State.Learning, "relearning": State.Relearning}.get(
                state.state, State.Review
            ),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due,
            last_review=state.last_review and now - timedelta(days=days_back),
        )
    assert type(ours) is FsrsCard and vars(ours) == vars(theirs)


def test_retrievability_counts_study_days() -> None:
    days = Days(4, UTC)
    state = reviewed(utc(2025, 3, 10, 9))
    # later the same study day: nothing forgotten yet, as fsrs would say
    assert retrievability(SETTINGS, state, utc(2025, 3, 11, 3, 59), days) == 1.0
    # the next study day, 20 h on: one day's forgetting, which fsrs alone would not count yet
    one_day = scheduler_for(SETTINGS).get_card_retrievability(
        FsrsCard(card_id=0, state=State.Review, stability=3.0, difficulty=5.0,
                 last_review=utc(2025, 3, 10, 9)),
        utc(2025, 3, 11, 9),
    )  # fmt: skip
    assert retrievability(SETTINGS, state, utc(2025, 3, 11, 5), days) == one_day < 1.0
    assert retrievability(SETTINGS, None, utc(2025, 3, 11, 5), days) == 0.0


def test_a_clock_gone_back_is_a_same_day_review() -> None:
    state = reviewed(utc(2025, 3, 12, 9))
    now = utc(2025, 3, 10, 9)  # two days before the last review (another machine's clock)
    after = review(SETTINGS, KEY, state, Rating.GOOD, now, Days(4, UTC))
    assert after.stability == fsrs_after(state, Rating.GOOD, now, 0).stability
    assert retrievability(SETTINGS, state, now, Days(4, UTC)) == 1.0


@pytest.mark.parametrize(
    ("zone", "starts_at", "now"),
    [
        (UTC, 4, utc(2025, 6, 1, 9, 30)),
        (NEW_YORK, 2, utc(2025, 3, 20, 12)),  # 2 a.m. was skipped on 9 March
        (NEW_YORK, 1, utc(2025, 11, 10, 12)),  # 1 a.m. came twice on 2 November
        (ZoneInfo("Asia/Kolkata"), 0, utc(2025, 6, 1, 20)),  # days start at 18:30 UTC
        (ZoneInfo("Australia/Lord_Howe"), 2, utc(2025, 10, 20, 1)),  # half an hour on, 5 Oct
        (None, 4, utc(2025, 6, 1, 9, 30)),  # the computer's zone
    ],
)
@pytest.mark.parametrize("decay", [None, 0.5])
def test_retrievabilities_equal_retrievability_item_by_item(
    zone: tzinfo | None, starts_at: int, now: datetime, decay: float | None
) -> None:
    """The queue's batch equals `retrievability` bit for bit: same-day, yesterday, across
    daylight saving changes, right on and just before day starts, beyond the days whose starts
    it looks up, in the future, and without a last review or a stability."""
    rng = random.Random(11)
    parameters = None if decay is None else (*DEFAULT_PARAMETERS[:20], decay)
    days = Days(starts_at, zone)
    lasts: list[datetime | None] = [None, now, now + timedelta(days=2)]
    for back in (*range(0, 60, 3), 150, 151, 400, 1000):
        start = days.first_moment(days.day_of(now) - timedelta(days=back))
        lasts += [start, start - timedelta(microseconds=1), start + timedelta(hours=23)]
    lasts += [now - timedelta(seconds=rng.randrange(200 * 86400)) for _ in range(300)]
    states = [
        ItemState("review", None, stability, 5.0, now, last, 3, 0)
        for last in lasts
        for stability in (None, 0.4, rng.uniform(0.1, 400))
    ]
    expected = [retrievability(SETTINGS, s, now, days, parameters=parameters) for s in states]
    got = retrievabilities(
        [s.stability for s in states],
        [to_text(s.last_review) if s.last_review else None for s in states],
        now,
        days,
        parameters=parameters,
    )
    assert got == expected
    assert len(set(expected)) > 100  # not all alike


# ---- preview == saved ------------------------------------------------------------------------


@pytest.mark.parametrize("zone", [UTC, EST, NEW_YORK])
def test_preview_is_what_review_saves(zone: timezone | ZoneInfo) -> None:
    days = Days(4, zone)
    state: ItemState | None = None
    now = utc(2025, 3, 7, 14)
    for gap in (0.3, 0.8, 2.9, 0.9, 11.5, 40.2):  # same-day, next-day and longer reviews
        shown = preview(SETTINGS, KEY, state, now, days)
        for rating in Rating:
            saved = review(SETTINGS, KEY, state, rating, now, days)
            assert saved.due - now == shown[rating]
        state = review(SETTINGS, KEY, state, Rating.GOOD, now, days)
        now += timedelta(days=gap)


def test_session_preview_is_saved_across_the_day_start_in_a_zone(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a")], {"learning_steps": []})
    days = Days(4, NEW_YORK)
    clock = FakeClock(utc(2025, 3, 11, 3, 30))  # 23:30 Monday in New York
    store = open_store(tmp_path / "p.sqlite3", clock())
    before: ItemState | None = None
    short_gaps = 0
    for rating in (Rating.HARD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY):
        session = open_session(store, [deck], now=clock, tz=NEW_YORK)
        assert session.current is not None and session.current.key.card_id == "a"
        shown_at = clock.now
        shown = session.intervals()
        clock.advance(seconds=9)  # answering takes time; the interval must not change
        session.record(rating, elapsed=9)
        saved = store.item_state(KEY)
        assert saved is not None and saved.last_review == shown_at
        assert saved.due - shown_at == shown[rating]
        if before is not None and before.state == "review":
            assert before.last_review is not None
            elapsed = days.between(before.last_review, shown_at)
            expected = fsrs_after(before, rating, shown_at, elapsed)
            assert saved.stability == expected.stability
            short_gaps += elapsed >= 1 and shown_at - before.last_review < timedelta(days=1)
        before = saved
        if saved.state != "review":  # a relearning step: 10 minutes on
            clock.advance(minutes=11)
            continue
        # not shown the day before it is due; shown from 04:00 of that study day
        start = days.bounds(saved.due)[0]
        clock.now = start - timedelta(minutes=1)
        assert open_session(store, [deck], now=clock, tz=NEW_YORK).current is None
        clock.now = start + timedelta(minutes=30)
    assert short_gaps >= 2  # next-study-day reviews under 24 h apart were among them


# ---- due dates land on study days ------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "zone"),
    [
        (utc(2025, 3, 11, 4, 30), EST),  # 23:30 Monday in New York: Monday's study day
        (utc(2025, 3, 11, 7), EST),  # 02:00 Tuesday: still Monday's study day
        (utc(2025, 3, 11, 9, 30), EST),  # 04:30 Tuesday: Tuesday's study day
        (utc(2025, 3, 8, 8, 30), NEW_YORK),  # 03:30 EST, the night before the spring change
        (utc(2025, 11, 2, 7, 30), NEW_YORK),  # 02:30 EST, the night the clocks went back
        (utc(2025, 3, 10, 3, 30), UTC),
    ],
)
def test_an_interval_of_n_days_is_due_n_study_days_ahead(
    now: datetime, zone: timezone | ZoneInfo
) -> None:
    days = Days(4, zone)
    for ahead in (1, 2, 3, 7, 30):
        due = days.ahead(now, ahead)
        assert days.between(now, due) == ahead
        local, local_due = now.astimezone(zone), due.astimezone(zone)
        assert (local_due.hour, local_due.minute) == (local.hour, local.minute)


def test_due_tomorrow_means_tomorrows_study_day(tmp_path: Path) -> None:
    # Hard on a new card with no learning steps: a one-day interval, no fuzz
    deck = make_deck(tmp_path, "d", [basic("a")], {"learning_steps": [], "new_per_day": 1})
    clock = FakeClock(utc(2025, 3, 11, 7))  # 02:00 Tuesday in New York: Monday's study day
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock, tz=EST)
    assert session.intervals()[Rating.HARD] == timedelta(days=1)
    session.record(Rating.HARD, elapsed=3)
    assert session.summary().due_tomorrow == 1
    saved = store.item_state(KEY)
    assert saved is not None and Days(4, EST).between(clock.now, saved.due) == 1
    clock.now = utc(2025, 3, 11, 8, 59)  # 03:59: Monday's study day has not ended
    assert open_session(store, [deck], now=clock, tz=EST).current is None
    clock.advance(minutes=1)  # 04:00 Tuesday: tomorrow's study day, 2 h after the answer
    later = open_session(store, [deck], now=clock, tz=EST)
    assert later.current is not None and later.current.key.card_id == "a"
    assert later.current.state == "review"


def test_spring_change_does_not_skip_a_study_day(tmp_path: Path) -> None:
    # 03:30 EST on Saturday 8 March 2025 is Friday's study day; 24 hours later it is 04:30 EDT
    # on Sunday, Sunday's study day. A one-day interval must be due on Saturday's.
    deck = make_deck(tmp_path, "d", [basic("a")], {"learning_steps": []})
    clock = FakeClock(utc(2025, 3, 8, 8, 30))
    store = open_store(tmp_path / "p.sqlite3", clock())
    open_session(store, [deck], now=clock, tz=NEW_YORK).record(Rating.HARD, elapsed=3)
    saved = store.item_state(KEY)
    assert saved is not None
    assert saved.due == utc(2025, 3, 9, 7, 30)  # 03:30 EDT on Sunday: Saturday's study day
    assert Days(4, NEW_YORK).between(clock.now, saved.due) == 1


@pytest.mark.parametrize("zone", [NEW_YORK, ZoneInfo("Australia/Lord_Howe"), EST, UTC, None])
def test_ahead_keeps_the_time_of_day_through_every_clock_change_of_a_year(
    zone: timezone | ZoneInfo | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ahead` keeps the local wall-clock time to the microsecond, also for times a clock change
    skips or repeats, and in the computer's own zone (None)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        days = Days(4, zone)
        when = utc(2025, 1, 1, 0, 17)
        while when < utc(2026, 1, 1, 0):
            for n in (0, 1, 30):
                local = when.astimezone(zone).replace(tzinfo=None) + timedelta(days=n)
                if zone is None:
                    expected = local.astimezone().astimezone(UTC)
                else:
                    expected = local.replace(tzinfo=zone).astimezone(UTC)
                assert days.ahead(when, n) == expected, (when, n)
            when += timedelta(minutes=53, microseconds=1)  # every hour of every night
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    "system_zone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/Dublin"]
)
def test_the_computers_zone_gives_what_astimezone_gives_and_follows_a_change(
    system_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Days(tz=None) must give what astimezone() gives, also across every clock change of a
    # year, and follow a change of the computer's zone (Lord Howe: half-hour changes; Dublin:
    # winter time)
    monkeypatch.setenv("TZ", system_zone)
    time.tzset()
    try:
        days = Days(4, None)
        when = utc(2025, 1, 1, 0, 17)
        while when < utc(2026, 1, 2, 0):
            local = when.astimezone()
            assert days.number(when) == local.toordinal() - (local.hour < 4), when
            assert days.day_of(when) == (local - timedelta(hours=4)).date(), when
            for n in (0, 1, 2, 7, 200):
                wall = when.astimezone().replace(tzinfo=None) + timedelta(days=n)
                assert days.ahead(when, n) == wall.astimezone().astimezone(UTC), (when, n)
            when += timedelta(minutes=53, microseconds=1)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_days_between_and_ahead() -> None:
    days = Days(4, EST)
    monday_9 = utc(2025, 3, 10, 14)
    assert days.between(monday_9, utc(2025, 3, 11, 8, 59)) == 0
    assert days.between(monday_9, utc(2025, 3, 11, 9)) == 1
    assert days.between(utc(2025, 3, 11, 9), monday_9) == -1
    assert days.ahead(monday_9, 3) == monday_9 + timedelta(days=3)
    assert days.ahead(monday_9, 0) == monday_9


@pytest.mark.parametrize("zone", [UTC, EST, NEW_YORK, None])
@pytest.mark.parametrize("starts_at", [0, 4, 23])
def test_day_number_is_the_ordinal_of_day_of(
    zone: timezone | ZoneInfo | None, starts_at: int
) -> None:
    days = Days(starts_at, zone)
    when = utc(2025, 3, 7, 0)
    while when < utc(2025, 3, 11, 0):  # every 20 minutes across the spring change
        assert days.number(when) == days.day_of(when).toordinal()
        when += timedelta(minutes=20)


# ---- the log replays to the same states ------------------------------------------------------


def test_rebuild_equals_kept_state_with_sessions_either_side_of_the_day_start(
    tmp_path: Path,
) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(8)], {"new_per_day": 4})
    clock = FakeClock(utc(2025, 3, 10, 22))
    store = open_store(tmp_path / "p.sqlite3", clock())
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.GOOD, Rating.EASY]
    n = 0
    for hours in [0, 7, 20, 3, 25, 6, 40, 2, 22, 30, 9, 60, 5]:  # sessions at 22:00, 05:00, ...
        clock.advance(hours=hours)
        session = open_session(store, [deck], now=clock)  # the computer's zone, as rebuild
        while session.current is not None:
            session.record(ratings[n % len(ratings)], elapsed=3)
            n += 1
            clock.advance(minutes=2)
    assert n > 30
    assert rebuild_state(store, [deck]) == store.states()
