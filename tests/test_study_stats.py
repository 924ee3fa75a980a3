"""study.stats: the figures behind the stats screen and `studydeck stats`."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import ItemKey, open_store
from studydeck.study import Rating, open_session
from studydeck.study.stats import deck_stats


def test_deck_stats(tmp_path: Path) -> None:
    cards = [
        basic("a", tags=["geo"]),
        basic("b", tags=["geo", "law"]),
        basic("c", reverse=True),
        basic("d", tags=["law"]),
    ]
    deck = make_deck(tmp_path, "dk", cards, {"new_per_day": 2})
    store = open_store(tmp_path / "p.sqlite3", T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock, tz=UTC)
    session.record(Rating.EASY, elapsed=5)  # a → review, due in 10 days
    session.record(Rating.EASY, elapsed=5)  # b → review
    clock.now = T0 + timedelta(days=12)
    reviews_only = make_deck(tmp_path, "dk", cards, {"new_per_day": 0})
    session = open_session(store, [reviews_only], now=clock, tz=UTC)
    answered = []
    while session.current is not None and session.current.state == "review":
        answered.append(session.current.key.card_id)
        session.record(
            Rating.GOOD if session.current.key.card_id == "a" else Rating.AGAIN, elapsed=5
        )
    assert sorted(answered) == ["a", "b"]
    now = clock.now + timedelta(minutes=1)
    [s] = deck_stats(store, [deck], now, tz=UTC)
    assert (s.id, s.title, s.cards) == ("dk", "Deck dk", 4)
    assert s.reviews == 4 and s.retention == 0.5  # of the two review answers, one was right
    assert s.states == {"new": 3, "learning": 0, "review": 1, "relearning": 1}
    # b relearns in 10 minutes: not due at `now`; a is due in weeks; c, c/reverse, d are new
    assert (s.new, s.due_today) == (3, 0)
    assert deck_stats(store, [deck], now + timedelta(minutes=10), tz=UTC)[0].due_today == 1
    assert s.study_days == [date(2025, 3, 10), date(2025, 3, 22)]
    per_day = dict(s.reviews_per_day)
    assert len(s.reviews_per_day) == 56 and s.reviews_per_day[-1][0] == date(2025, 3, 22)
    assert per_day[date(2025, 3, 10)] == 2 and per_day[date(2025, 3, 22)] == 2
    assert sum(per_day.values()) == 4
    assert len(s.forecast) == 30 and s.forecast[0] == (date(2025, 3, 22), 1)  # b, today
    a = store.item_state(ItemKey("dk", "a", ""))
    assert a is not None and a.due > now + timedelta(days=30)
    assert sum(n for _, n in s.forecast) == 1  # a falls due beyond the 30 days shown
    tags = {t.tag: t for t in s.tags}
    assert set(tags) == {"geo", "law"}
    assert (tags["geo"].cards, tags["geo"].reviews, tags["geo"].retention) == (2, 4, 0.5)
    assert (tags["law"].cards, tags["law"].new, tags["law"].reviews) == (2, 1, 2)
    assert tags["law"].retention == 0.0
    # answers older than 30 days leave retention
    later = deck_stats(store, [deck], now + timedelta(days=31), tz=UTC)[0]
    assert later.retention is None and later.reviews == 4
