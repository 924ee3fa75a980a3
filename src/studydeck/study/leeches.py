"""Leeches: items the learner keeps forgetting. An item that has lapsed (been forgotten after it
was learned) `leech_lapses` times (a deck setting, 8 by default as in Anki) is a leech. When one
comes up the learner chooses: suspend it (it leaves every queue, its state kept, until
unsuspended), or keep it (asked again after half as many lapses more, as Anki tags it again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from studydeck.store import ItemKey, ItemState, LeechChoice, Store

if TYPE_CHECKING:  # not imported at run time: `stats` lists suspended items without pydantic
    from studydeck.deck.models import Settings


@dataclass(frozen=True)
class Leech:
    """The current item is a leech: it lapsed `lapses` times (the deck's threshold: `limit`)."""

    lapses: int
    limit: int


@dataclass(frozen=True)
class Suspended:
    """A suspended item, for the stats: which, when, and after how many lapses."""

    deck_id: str
    card_id: str
    part: str
    lapses: int
    suspended_at: datetime


def leech_of(
    state: ItemState | None, settings: Settings, choice: LeechChoice | None
) -> Leech | None:
    """Whether an item with `state` is a leech to tell the learner about now."""
    if state is None or state.lapses < settings.leech_lapses:
        return None
    if choice is not None:
        if choice.suspended:
            return None  # not queued anyway; shown in the stats
        again_after = max(1, settings.leech_lapses // 2)
        if state.lapses < choice.lapses + again_after:
            return None  # the learner chose to keep it, and it has not lapsed much more since
    return Leech(state.lapses, settings.leech_lapses)


def suspended_keys(store: Store, deck_ids: Iterable[str]) -> set[ItemKey]:
    """The items of these decks the learner suspended."""
    return {k for k, c in store.leech_choices(deck_ids).items() if c.suspended}


def suspended_items(store: Store, deck_ids: Iterable[str]) -> list[Suspended]:
    """The suspended items of these decks, oldest suspension first."""
    found = [
        Suspended(*key, choice.lapses, choice.chosen_at)
        for key, choice in store.leech_choices(deck_ids).items()
        if choice.suspended
    ]
    return sorted(found, key=lambda s: (s.suspended_at, s.deck_id, s.card_id, s.part))


def unsuspend(store: Store, key: ItemKey, now: datetime) -> bool:
    """Put a suspended item back into study (kept: asked about again only after more lapses).
    False when it was not suspended."""
    choice = store.leech_choices([key.deck_id]).get(key)
    if choice is None or not choice.suspended:
        return False
    state = store.item_state(key)
    lapses = state.lapses if state is not None else choice.lapses
    store.choose_leech(key, suspended=False, lapses=lapses, now=now)
    return True
