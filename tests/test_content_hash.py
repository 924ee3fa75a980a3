"""A card's content hash must never change by a byte: every review row keeps it, and the
instructor's progress report compares it with the card's (a changed hash makes every card look
edited). It is the SHA-256 of json.dumps(dump(card) without id, previous_ids and tags,
sort_keys=True, ensure_ascii=False); the hashes of many cards are pinned here as that text gave
them when the progress files in use were written."""

from __future__ import annotations

import hashlib
import json
import math
import random
from pathlib import Path
from typing import Any

from benchmarks.deckgen import CARD_TYPES, write_deck

from studydeck.deck.format import CARD_ADAPTER
from studydeck.deck.loader import load_deck, load_decks
from studydeck.deck.models import Card, NumericCard, card_from_data, dump
from studydeck.locations import bundled_decks_dir


def checked_card(data: dict[str, Any]) -> Card:
    """A card as a deck file's check makes it: the format accepts the data, the card is built."""
    CARD_ADAPTER.validate_python(data)
    return card_from_data(data)


def reference_hash(card: Card) -> str:
    # `related` came later: leaving it out keeps every hash what it was before it existed
    text = json.dumps(
        dump(card, exclude={"id", "previous_ids", "tags", "related"}),
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def digest(cards: list[Card]) -> str:
    """One pin for many hashes."""
    return hashlib.sha256("\n".join(c.content_hash() for c in cards).encode()).hexdigest()


def test_bundled_decks() -> None:
    # the decks change with their editions: their hashes follow the one definition
    results = load_decks([bundled_decks_dir()])
    cards = [c for r in results if r.deck is not None for c in r.deck.cards]
    assert len(results) == 4 and len(cards) > 100
    for card in cards:
        assert card.content_hash() == reference_hash(card), card


def test_generated_deck_of_every_type(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path / "deck.yaml", 400)).deck
    assert deck is not None
    assert {c.type for c in deck.cards} == set(CARD_TYPES)
    # pinned with the hand-written content_hash of cdb1e21 on this generator (deckgen changed
    # with the leak checks: its decks no longer give answers away)
    assert digest(deck.cards) == "f03d22ce34459612aaa4ab168111559e43bd9ae911ce392506568a80c91844c2"


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
    return checked_card(data)


def test_random_cards() -> None:
    rng = random.Random(20260302)
    cards = [random_card(rng, i) for i in range(4000)]
    # the variations the hash has to get right did come up
    numeric = [c for c in cards if isinstance(c, NumericCard)]
    assert any(c.tolerance == 0 for c in numeric)  # the default (pydantic dumped it as 0.0)
    assert any(type(c.answer) is int for c in numeric) and any(
        c.answer == math.inf for c in numeric
    )
    assert any(c.source_locator is not None for c in cards)
    assert any(isinstance(c.source, str) for c in cards)
    assert [c.content_hash() for c in cards[:4]] == [
        "a5efe794ca0031a3",
        "9cddcc2f0f44595b",
        "a815bd03a5e6a187",
        "dc04cb83974e21b6",
    ]
    assert digest(cards) == "6ba19cc81c90426083d84e959a0313436a1aead94f02055a8d18dc1e8ce6ff65"


def test_nan_infinities_and_a_float_fields_ints() -> None:
    # json writes NaN and Infinity; pydantic dumps a float field's int (tolerance 3) as 3.0
    cards = [
        checked_card({"type": "numeric", "id": "n", "question": "q", "answer": a, "tolerance": t})
        for a, t in [(math.nan, math.inf), (-math.inf, 0), (7, 3), (-0.0, 0.0)]
    ]
    assert [c.content_hash() for c in cards] == [
        "d0848c27124a2fe6",
        "d9caf24a7b2cdf6f",
        "0afe5efdcaedb8c1",
        "3b79a9ab22205070",
    ]
    tolerance_three = json.dumps(dump(cards[2]), sort_keys=True)
    assert '"tolerance": 3.0' in tolerance_three and '"answer": 7' in tolerance_three
