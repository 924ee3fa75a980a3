"""Decks loaded for a session from the cache of checked files (deck/cache.py `load_file`): an
unchanged file is not checked again, nor parsed again once its data is kept, yet gives the same
deck, the same problems and the same cards kept apart (read from the remembered leak warnings);
a changed file is checked afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from study_support import FakeClock, basic, write_deck
from studydeck.deck.cache import load_file
from studydeck.deck.leaks import leak_pairs, remembered_leak_pairs
from studydeck.deck.loader import load_deck
from studydeck.locations import bundled_decks_dir, cache_dir
from studydeck.store import open_store
from studydeck.study import Rating, open_session
from studydeck.study.apart import links

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


def test_an_unchanged_file_gives_the_checked_deck_and_its_links(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", CARDS)
    checked = load_deck(path)
    first = load_file(path)  # no entry yet: checked, and remembered
    again = load_file(path)  # from the entry
    assert first.deck is not None and again.deck is not None and checked.deck is not None
    assert remembered_leak_pairs(first.deck) is None
    assert remembered_leak_pairs(again.deck) == [("founding", "treaty-year")]
    assert again.deck == checked.deck
    assert [str(p) for p in again.problems] == [str(p) for p in checked.problems]
    assert links(again.deck) == links(checked.deck)
    assert links(again.deck) == {
        "founding": {"treaty-year"},
        "treaty-year": {"founding"},
        "a": {"c"},
        "c": {"a"},
    }


def test_a_changed_file_is_checked_again_and_gets_fresh_links(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", CARDS)
    load_file(path)
    before = load_file(path).deck
    assert before is not None and leak_pairs(before) == [("founding", "treaty-year")]
    # b now gives away founding's answer, and treaty-year no longer has its leak
    changed = [
        basic("founding", front="Where was the Treaty signed?", back="Tashkent"),
        CARDS[1],
        CARDS[2],
        basic("b", back="Signed in Tashkent"),
        CARDS[4],
    ]
    write_deck(tmp_path, "d", changed)
    fresh = load_file(path)
    assert fresh.deck is not None
    assert remembered_leak_pairs(fresh.deck) is None  # checked now, not read back
    assert leak_pairs(fresh.deck) == [("b", "founding")]
    remembered = load_file(path)  # and the new outcome is what is remembered
    assert remembered.deck is not None
    assert remembered_leak_pairs(remembered.deck) == [("b", "founding")]
    assert links(remembered.deck) == links(fresh.deck)
    assert "treaty-year" not in links(remembered.deck)


def test_a_file_with_errors_gives_its_problems_from_the_entry(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", [*CARDS, basic("b")])  # a duplicate id
    checked = load_deck(path)
    load_file(path)
    again = load_file(path)
    assert checked.deck is None and again.deck is None
    assert checked.errors
    assert [str(p) for p in again.problems] == [str(p) for p in checked.problems]


def test_the_bundled_decks_load_as_checked(tmp_path: Path) -> None:
    for path in sorted(bundled_decks_dir().glob("*.yaml")):
        checked = load_deck(path)
        load_file(path)
        again = load_file(path)
        assert again.deck is not None and again.deck == checked.deck, path
        assert [str(p) for p in again.problems] == [str(p) for p in checked.problems]
        assert links(again.deck) == links(checked.deck), path


def test_a_session_on_a_remembered_deck_keeps_linked_cards_apart(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", CARDS, {"new_per_day": 20, "learning_steps": [1]})
    load_file(path)
    deck = load_file(path).deck
    assert deck is not None and remembered_leak_pairs(deck) is not None
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    shown = set()
    while session.current is not None:
        shown.add(session.current.key.card_id)
        clock.advance(minutes=2)
        session.record(Rating.GOOD, elapsed=3)
    store.close()
    assert shown == {"founding", "a", "b"}  # treaty-year and c wait for another day


def kept_data() -> list[Path]:
    return sorted((cache_dir() / "checked-decks").glob("*-data"))


def test_the_parsed_data_is_kept_and_read_back_whole(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", CARDS)
    checked = load_deck(path).deck
    assert checked is not None
    load_file(path)  # checked: no data kept yet
    assert kept_data() == []
    parsed = load_file(path).deck  # parsed from the file, and its data kept
    (kept,) = kept_data()
    from_data = load_file(path).deck  # from the kept data
    assert parsed == checked and from_data == checked
    assert from_data is not None and links(from_data) == links(checked)
    # damaged: ignored, the file parsed again, and the data kept anew
    whole = kept.read_bytes()
    kept.write_bytes(whole[:-10])
    assert load_file(path).deck == checked
    assert kept.read_bytes() == whole


def test_a_changed_file_does_not_use_the_data_kept_for_its_old_bytes(tmp_path: Path) -> None:
    path = write_deck(tmp_path, "d", CARDS)
    for _ in range(3):
        load_file(path)
    assert len(kept_data()) == 1
    write_deck(tmp_path, "d", [*CARDS, basic("e", front="A new card")])
    for _ in range(3):
        changed = load_file(path).deck
        assert changed is not None and [c.id for c in changed.cards][-1] == "e"
    assert changed == load_deck(path).deck
