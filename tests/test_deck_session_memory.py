"""Loaded decks are moved out of the cyclic garbage collector's way for the session."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from studydeck.deck.loader import keep_for_the_session, load_decks
from studydeck.locations import bundled_decks_dir


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # leave the test process as it was


@pytest.mark.usefixtures("unfrozen")
def test_the_loaded_decks_are_frozen_out_of_full_collections() -> None:
    decks = [r.deck for r in load_decks([bundled_decks_dir()]) if r.deck]
    cards = sum(len(d.cards) for d in decks)
    assert gc.get_freeze_count() == 0
    keep_for_the_session()
    # every card (and more: its texts' containers, the modules) now sits in the permanent
    # generation, which a full collection does not walk
    assert gc.get_freeze_count() > cards > 100
    assert all(len(gc.get_objects(generation=g)) < cards for g in (0, 1))
