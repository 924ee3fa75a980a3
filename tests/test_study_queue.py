"""The queue: order, daily limits, siblings, and the day boundary, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from study_support import T0, FakeClock, basic, make_deck
from studydeck.deck.format import checked_card
from studydeck.deck.models import Deck
from studydeck.store import ItemKey, ItemState, Store, open_store
from studydeck.study import Days, Rating, open_session
from studydeck.study.queue import Entry, interleave
from studydeck.study.session import Session

EST = timezone(timedelta(hours=-5))  # a fixed zone keeps the arithmetic plain


def review_state(last: datetime, stability: float, due: datetime) -> ItemState:
    return ItemState("review", None, stability, 5.0, due, last, 3, 0)


def run(
    session: Session, rating: Rating = Rating.EASY, clock: FakeClock | None = None
) -> list[str]:
    """Answer everything; return the items shown as card_id or card_id/part."""
    shown: list[str] = []
    while session.current is not None and len(shown) < 100:
        k = session.current.key
        shown.append(f"{k.card_id}/{k.part}" if k.part else k.card_id)
        session.record(rating, elapsed=2)
        if clock:
            clock.advance(seconds=10)
    return shown


def open_(tmp_path: Path) -> Store:
    return open_store(tmp_path / "progress.sqlite3", T0)


def test_learning_then_reviews_most_at_risk_first_then_new(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(x) for x in ("n1", "r1", "l1", "r2", "n2", "r3")])
    store = open_(tmp_path)
    with store.writing():
        # r2 is the most likely forgotten (oldest review, lowest stability), then r3, then r1
        store.put_state(ItemKey("d", "r1", ""), review_state(T0 - timedelta(days=3), 30, T0))
        store.put_state(ItemKey("d", "r2", ""), review_state(T0 - timedelta(days=40), 2, T0))
        store.put_state(ItemKey("d", "r3", ""), review_state(T0 - timedelta(days=10), 5, T0))
        learning = ItemState("learning", 1, 1.0, 5.0, T0 - timedelta(minutes=1), T0, 1, 0)
        store.put_state(ItemKey("d", "l1", ""), learning)
    session = open_session(store, [deck], now=FakeClock(), day_starts_at=4, tz=UTC)
    assert session.current is not None and session.current.state == "learning"
    assert session.remaining == 6
    # 3 reviews and 2 new: new ones spread in, and the session ends on a review
    assert run(session) == ["l1", "n1", "r2", "n2", "r3", "r1"]


def test_interleave_spreads_new_items() -> None:
    deck = Deck(studydeck=1, id="d", title="D")
    card = checked_card(basic("x"))

    def entries(prefix: str, n: int) -> list[Entry]:
        return [Entry(ItemKey("d", f"{prefix}{i}"), deck, card, None) for i in range(n)]

    def ids(out: list[Entry]) -> list[str]:
        return [e.key.card_id for e in out]

    assert ids(interleave(entries("r", 6), entries("n", 3))) == [
        *("n0", "r0", "r1", "n1", "r2", "r3", "n2", "r4", "r5")
    ]
    assert ids(interleave(entries("r", 1), entries("n", 3)))[-1] == "r0"
    assert ids(interleave([], entries("n", 2))) == ["n0", "n1"]


def test_new_limit_counts_new_items_already_started_today(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(10)], {"new_per_day": 3})
    store = open_(tmp_path)
    clock = FakeClock()
    first = open_session(store, [deck], now=clock, tz=UTC)
    assert first.remaining == 3
    first.record(Rating.EASY, elapsed=1)
    first.record(Rating.EASY, elapsed=1)
    clock.advance(hours=3)
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["c2"]  # 3 - 2 already
    clock.advance(hours=1)  # still the same study day (15:00 UTC)
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == []
    clock.now = datetime(2025, 3, 11, 4, tzinfo=UTC)  # the next study day starts at 4 a.m.
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["c3", "c4", "c5"]


def test_day_boundary_at_configured_hour_in_local_time(tmp_path: Path) -> None:
    days = Days(4, EST)
    late = datetime(2025, 3, 11, 8, 59, tzinfo=UTC)  # 03:59 in EST: still Monday's study day
    assert days.day_of(late).isoformat() == "2025-03-10"
    assert days.day_of(late + timedelta(minutes=1)).isoformat() == "2025-03-11"
    assert days.bounds(late) == (datetime(2025, 3, 10, 9, tzinfo=UTC), late + timedelta(minutes=1))
    assert Days(0, EST).day_of(late).isoformat() == "2025-03-11"
    # a real zone: the day after the spring change is 23 hours long
    ny = Days(4, ZoneInfo("America/New_York"))
    start, end = ny.bounds(datetime(2025, 3, 8, 12, tzinfo=UTC))
    assert end - start == timedelta(hours=23)

    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(5)], {"new_per_day": 1})
    store = open_(tmp_path)
    clock = FakeClock(datetime(2025, 3, 11, 2, tzinfo=UTC))  # 21:00 EST on Monday
    assert run(open_session(store, [deck], now=clock, tz=EST)) == ["c0"]
    clock.now = late  # 03:59 EST: the learner's day has not ended
    assert run(open_session(store, [deck], now=clock, tz=EST)) == []
    clock.advance(minutes=1)
    assert run(open_session(store, [deck], now=clock, tz=EST)) == ["c1"]
    # with the day starting at midnight, 21:00 and 00:30 are two days
    store2 = open_store(tmp_path / "other.sqlite3", T0)
    clock.now = datetime(2025, 3, 11, 2, tzinfo=UTC)
    assert run(open_session(store2, [deck], now=clock, tz=EST, day_starts_at=0)) == ["c0"]
    clock.now = datetime(2025, 3, 11, 5, 30, tzinfo=UTC)
    assert run(open_session(store2, [deck], now=clock, tz=EST, day_starts_at=0)) == ["c1"]


def test_reviews_per_day_limit(tmp_path: Path) -> None:
    deck = make_deck(
        tmp_path, "d", [basic(f"c{i}") for i in range(5)], {"reviews_per_day": 2, "new_per_day": 0}
    )
    store = open_(tmp_path)
    with store.writing():
        for i in range(5):
            last = T0 - timedelta(days=10 + i)
            store.put_state(
                ItemKey("d", f"c{i}", ""), review_state(last, 5, T0 - timedelta(days=1))
            )
    clock = FakeClock()
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["c4", "c3"]
    clock.advance(hours=2)
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == []
    clock.advance(days=1)
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["c2", "c1"]


def test_review_due_later_today_is_due_today(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")], {"new_per_day": 0})
    store = open_(tmp_path)
    with store.writing():
        store.put_state(
            ItemKey("d", "a", ""), review_state(T0 - timedelta(days=5), 5, T0 + timedelta(hours=10))
        )
        store.put_state(
            ItemKey("d", "b", ""), review_state(T0 - timedelta(days=5), 5, T0 + timedelta(hours=17))
        )
    # day ends at 04:00 UTC tomorrow: a (22:00) is due today, b (05:00 tomorrow) is not
    assert run(open_session(store, [deck], now=FakeClock(), tz=UTC)) == ["a"]


def test_siblings_wait_for_another_day(tmp_path: Path) -> None:
    cards = [
        basic("rev", reverse=True),
        {"id": "clz", "type": "cloze", "text": "{{Tashkent}} in {{1992}} with {{six}} states"},
        basic("plain"),
    ]
    deck = make_deck(tmp_path, "d", cards)
    store = open_(tmp_path)
    clock = FakeClock()
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["rev", "clz/c1", "plain"]
    clock.advance(hours=5)  # a new session the same day still holds the siblings back
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == []
    clock.advance(days=1)
    assert run(open_session(store, [deck], now=clock, tz=UTC)) == ["rev/reverse", "clz/c2"]


def test_learning_steps_come_back_in_the_session(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")], {"learning_steps": [1, 30]})
    store = open_(tmp_path)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock, tz=UTC)
    session.record(Rating.AGAIN, elapsed=1)  # a: again in 1 minute
    assert session.current is not None and session.current.key.card_id == "b"
    clock.advance(seconds=10)
    session.record(Rating.GOOD, elapsed=1)  # b: step 2, due in 30 minutes
    clock.advance(seconds=10)
    # nothing left: a (due in 1 min) is shown ahead of time; b (30 min) is beyond learn-ahead
    assert session.current is not None and session.current.key.card_id == "a"
    assert session.current.state == "learning" and session.remaining == 2
    session.record(Rating.GOOD, elapsed=1)  # a: step 2, 30 minutes (after b's)
    assert session.current is None and session.remaining == 0
    clock.advance(minutes=31)
    again = open_session(store, [deck], now=clock, tz=UTC)
    assert run(again, Rating.GOOD) == ["b", "a"]  # both graduate to review
    assert all(s.state == "review" for s in store.states("d").values())


def test_only_chosen_decks(tmp_path: Path) -> None:
    a = make_deck(tmp_path, "a", [basic("x")])
    b = make_deck(tmp_path, "b", [basic("y")])
    store = open_(tmp_path)
    assert run(open_session(store, [a, b], now=FakeClock(), deck_ids=["b"])) == ["y"]
