"""Helpers for the store/study tests: real deck files written by the test, a movable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.store import ItemKey, ItemState, Review, Store

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # a Monday, noon UTC


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


def basic(card_id: str, reverse: bool = False, **extra: Any) -> dict[str, Any]:
    card: dict[str, Any] = {"id": card_id, "type": "basic", "front": f"F {card_id}"}
    card["back"] = f"B {card_id}"
    if reverse:
        card["reverse"] = True
    card.update(extra)
    return card


def write_deck(
    folder: Path,
    deck_id: str,
    cards: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    title: str | None = None,
) -> Path:
    data: dict[str, Any] = {
        "studydeck": 1,
        "id": deck_id,
        "title": title or f"Deck {deck_id}",
        "cards": cards,
    }
    if settings:
        data["settings"] = settings
    path = folder / f"{deck_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_deck(
    folder: Path,
    deck_id: str,
    cards: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
) -> Deck:
    result = load_deck(write_deck(folder, deck_id, cards, settings))
    assert result.deck is not None, [str(p) for p in result.problems]
    return result.deck


def self_graded(
    key: ItemKey,
    at: datetime,
    after: ItemState,
    *,
    rating: int = 3,
    correct: bool = True,
    elapsed: float = 2.0,
    before: str = "new",
) -> Review:
    """The log row of a self-graded (basic) card's answer, shown and answered at `at`."""
    return Review(
        deck_id=key.deck_id,
        card_id=key.card_id,
        part=key.part,
        card_type="basic",
        content_hash="h",
        shown_at=at,
        reviewed_at=at,
        answer=None,
        correct=correct,
        rating=rating,
        proposed=None,
        automatic=False,
        elapsed=elapsed,
        state_before=before,
        after=after,
    )


def fill(store: Store, count: int, deck_id: str = "d", at: datetime = T0) -> None:
    """Append `count` plain reviews, one transaction each, as a session would."""
    state = ItemState("review", None, 5.0, 5.0, at + timedelta(days=5), at, 1, 0)
    for i in range(count):
        with store.writing():
            key = ItemKey(deck_id, f"c{i}", "")
            store.insert_review(self_graded(key, at, state))
            store.put_state(key, state)
