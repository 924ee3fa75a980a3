"""A card's content hash is written without pydantic's dump and json.dumps, and must stay the
very hash they give: every review row keeps it, and the instructor's progress report compares it
with the card's (a changed hash makes every card look edited)."""

from __future__ import annotations

import hashlib
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.deckgen import CARD_TYPES, write_deck
from pydantic import StrictFloat, StrictInt, TypeAdapter
from pydantic.dataclasses import dataclass

from studydeck.deck.loader import load_deck, load_decks
from studydeck.deck.models import _NOT_HASHED, Card, NumericCard, _object_json, dump
from studydeck.locations import bundled_decks_dir

CARD_ADAPTER: TypeAdapter[Card] = TypeAdapter(Card)


def reference_text(obj: Any, exclude: set[str]) -> str:
    """What content_hash hashed before it was written by hand."""
    return json.dumps(dump(obj, exclude=exclude), sort_keys=True, ensure_ascii=False)


def reference_hash(card: Card) -> str:
    # `related` came later: leaving it out keeps every hash what it was before it existed
    text = reference_text(card, {"id", "previous_ids", "tags", "related"})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def assert_same(cards: list[Card]) -> None:
    for card in cards:
        assert _object_json(card, _NOT_HASHED) == reference_text(card, set(_NOT_HASHED)), card
        assert card.content_hash() == reference_hash(card), card


def test_bundled_decks() -> None:
    results = load_decks([bundled_decks_dir()])
    cards = [c for r in results if r.deck is not None for c in r.deck.cards]
    assert len(results) == 4 and len(cards) > 100
    assert_same(cards)


def test_generated_deck_of_every_type(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path / "deck.yaml", 400)).deck
    assert deck is not None
    assert {c.type for c in deck.cards} == set(CARD_TYPES)
    assert_same(deck.cards)


# text that json escapes, or writes as it is with ensure_ascii=False
PIECES = [
    "plain",
    "Ташкент",
    "日本語",
    "é",
    "😀",
    '"quoted"',
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "\x01\x1f\x7f",
    "\u2028\u2029",
    "\ufeff",
    "{{cloze}}",
    "{{a|b}}",
    "'",
    "/",
    " ",
]
FLOATS = [
    0.0,
    -0.0,
    0.1,
    1.5,
    1e-7,
    1e16,
    1e300,
    5e-324,
    -2.25,
    123456789.123,
    math.inf,
    -math.inf,
    math.nan,
]


def text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))


def optional_text(rng: random.Random) -> str | None:
    return text(rng) if rng.random() < 0.5 else None


def number(rng: random.Random) -> int | float:
    if rng.random() < 0.4:
        return rng.choice([0, 1, -7, 1992, 10**30])
    return rng.choice(FLOATS) if rng.random() < 0.6 else rng.uniform(-1e6, 1e6)


def random_card(rng: random.Random, i: int) -> Card:
    kind = CARD_TYPES[i % len(CARD_TYPES)]
    data: dict[str, Any] = {"type": kind, "id": f"card-{i}"}
    if rng.random() < 0.5:
        data["explanation"] = text(rng)
    if rng.random() < 0.5:
        data["hint"] = text(rng)
    source = rng.random()
    if source < 0.3:
        data["source"] = "forster"
    elif source < 0.6:
        data["source"] = {"id": "forster", "locator": text(rng)}
    elif source < 0.7:
        data["source"] = {"id": "forster"}
    if rng.random() < 0.3:
        data["tags"] = ["members", "geo"]
    if rng.random() < 0.2:
        data["previous_ids"] = ["old-id"]
    match kind:
        case "basic":
            data |= {"front": text(rng), "back": text(rng)}
            if rng.random() < 0.5:
                data["reverse"] = rng.random() < 0.5
        case "cloze":
            data["text"] = f"{text(rng)} {{{{{text(rng)}}}}} {text(rng)}"
        case "mcq":
            options = []
            for _ in range(rng.randint(2, 9)):
                option: dict[str, Any] = {"text": text(rng)}
                if rng.random() < 0.5:
                    option["correct"] = rng.random() < 0.5
                if rng.random() < 0.5:
                    option["why"] = text(rng)
                options.append(option)
            data |= {"question": text(rng), "options": options}
            if rng.random() < 0.5:
                data["shuffle"] = rng.random() < 0.5
        case "true_false":
            data |= {"statement": text(rng), "answer": rng.random() < 0.5}
        case "typed":
            data |= {
                "question": text(rng),
                "answers": [text(rng) for _ in range(rng.randint(1, 4))],
            }
        case "numeric":
            data |= {"question": text(rng), "answer": number(rng)}
            if rng.random() < 0.7:  # ints too: pydantic keeps them in the field, dumps 5.0
                data["tolerance"] = rng.choice([0, 2, 0.5, 1e-9, 1e300, math.inf, 0.0])
        case "order":
            data |= {"prompt": text(rng), "items": [text(rng) for _ in range(rng.randint(0, 12))]}
        case "match":
            pairs = [[text(rng), text(rng)] for _ in range(rng.randint(0, 12))]
            data |= {"prompt": text(rng), "pairs": pairs}
    return CARD_ADAPTER.validate_python(data)


def test_random_cards() -> None:
    rng = random.Random(20260302)
    cards = [random_card(rng, i) for i in range(4000)]
    # the variations the writer has to get right did come up
    numeric = [c for c in cards if isinstance(c, NumericCard)]
    assert any(type(c.tolerance) is int for c in numeric)  # the default, 0
    assert any(type(c.answer) is int for c in numeric) and any(
        c.answer == math.inf for c in numeric
    )
    assert any(c.source_locator is not None for c in cards)
    assert any(isinstance(c.source, str) for c in cards)
    assert_same(cards)


def test_nan_and_infinities_as_json_writes_them() -> None:
    cards = [
        CARD_ADAPTER.validate_python(
            {"type": "numeric", "id": "n", "question": "q", "answer": a, "tolerance": t}
        )
        for a, t in [(math.nan, math.inf), (-math.inf, 0), (7, 3), (-0.0, 0.0)]
    ]
    assert_same(cards)
    assert '"answer": NaN' in _object_json(cards[0], _NOT_HASHED)
    assert '"tolerance": 3.0' in _object_json(cards[2], _NOT_HASHED)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Numbers:
    plain: StrictFloat = 0
    optional: StrictFloat | None = 0
    either: StrictInt | StrictFloat = 0
    listed: list[StrictInt] | None = None


def test_float_fields_ints_are_dumped_as_pydantic_dumps_them() -> None:
    for numbers in [_Numbers(), _Numbers(optional=None, either=2.0, listed=[1, 2])]:
        assert _object_json(numbers, frozenset()) == reference_text(numbers, set())


@dataclass(frozen=True, slots=True, kw_only=True)
class _Mapping:
    values: dict[str, int]


def test_a_field_type_it_does_not_know_is_refused() -> None:
    # a model change that brings a new kind of field must be taught to the writer, not guessed
    with pytest.raises(TypeError, match="cannot write"):
        _object_json(_Mapping(values={"a": 1}), frozenset())
