"""The deck index, kept for every deck of a session, takes no more memory than it needs."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.deckgen import write_deck

from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.study.index import deck_index

_SET_SLOT_BYTES = 16  # a hash and a pointer


def _deck(path: Path, cards: int) -> Deck:
    deck = load_deck(write_deck(path, cards)).deck
    assert deck is not None
    return deck


def test_the_item_key_set_is_no_larger_than_its_items_need(tmp_path: Path) -> None:
    index = deck_index(_deck(tmp_path / "a.yaml", 5000))
    n = len(index.keys)
    assert n == index.items > 5000  # cloze and reversed cards have several items
    slots = 8
    while n * 5 >= slots * 3:  # a set keeps its table under 3/5 full
        slots *= 2
    assert sys.getsizeof(index.keys) <= slots * _SET_SLOT_BYTES + 256


def test_card_positions_share_their_numbers_across_decks(tmp_path: Path) -> None:
    a = deck_index(_deck(tmp_path / "a.yaml", 1200))
    b = deck_index(_deck(tmp_path / "b.yaml", 900))
    # past 256, each int is an object: the same position in two decks is one object
    past_small = [p for p in a.position.values() if 256 < p < 900]
    assert len(past_small) > 600
    b_positions = {p: p for p in b.position.values()}
    assert all(b_positions[p] is p for p in past_small)
