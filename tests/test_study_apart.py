"""Cards kept apart: a declared relation or a detected leak holds the linked card back to a
later day, through the real session on a real progress file; cram never shows them in a row."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from study_support import FakeClock, basic, make_deck, write_deck
from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.store import open_store
from studydeck.study import Rating, open_session

CARDS: list[dict[str, Any]] = [
    # a leak nobody declared: the front gives away treaty-year's answer
    basic("founding", front="Where was the Treaty signed in 1992?", back="Tashkent"),
    {
        "id": "treaty-year",
        "type": "numeric",
        "question": "In which year was the Treaty signed?",
        "answer": 1992,
    },
    basic("a", related=["c"]),  # a declared relation
    basic("b"),
    basic("c"),
]
LINKED = [{"founding", "treaty-year"}, {"a", "c"}]


def deck(tmp_path: Path) -> Deck:
    return make_deck(tmp_path, "d", CARDS, {"new_per_day": 20, "learning_steps": [1]})


def study_all(store: Any, decks: list[Deck], clock: FakeClock) -> list[str]:
    """Answer everything the session offers (Good), as a learner would; the cards shown."""
    session = open_session(store, decks, now=clock)
    shown = []
    while session.current is not None:
        shown.append(session.current.key.card_id)
        clock.advance(minutes=2)  # past the learning step: it comes back within the session
        session.record(Rating.GOOD, elapsed=3)
    return shown


def test_the_leak_is_detected(tmp_path: Path) -> None:
    result = load_deck(write_deck(tmp_path, "d", CARDS))
    leaks = [(p.card, p.other.card) for p in result.problems if p.code == "leak" and p.other]
    assert leaks == [("founding", "treaty-year")]


def test_linked_cards_never_come_the_same_day(tmp_path: Path) -> None:
    decks = [deck(tmp_path)]
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    first_day = study_all(store, decks, clock)
    assert set(first_day) == {"founding", "a", "b"}  # treaty-year and c wait
    # another session the same day: still not
    assert study_all(store, decks, clock) == []
    days = [set(first_day)]
    for _ in range(6):
        clock.advance(days=1)
        days.append(set(study_all(store, decks, clock)))
    for shown in days:
        for pair in LINKED:
            assert not pair <= shown, (pair, days)
    assert {"treaty-year", "c"} <= set().union(*days)  # each comes, on a later day
    store.close()


def test_cram_never_shows_linked_cards_one_after_the_other(tmp_path: Path) -> None:
    decks = [deck(tmp_path)]
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, decks, now=clock, cram=True)
    shown = []
    while session.current is not None:
        shown.append(session.current.key.card_id)
        session.record(Rating.GOOD, elapsed=2)
    assert sorted(shown) == sorted(c["id"] for c in CARDS)  # everything, once
    for before, after in pairwise(shown):
        assert {before, after} not in LINKED, shown
    store.close()
