"""Generate large, valid deck files with every card type, for the loading and scale benchmarks."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

CARD_TYPES = ("basic", "cloze", "mcq", "true_false", "typed", "numeric", "order", "match")

_WORDS = [
    "treaty",
    "security",
    "collective",
    "member",
    "state",
    "article",
    "defence",
    "council",
    "summit",
    "armenia",
    "belarus",
    "kazakhstan",
    "kyrgyzstan",
    "russia",
    "tajikistan",
    "uzbekistan",
    "azerbaijan",
    "georgia",
    "tashkent",
    "moscow",
    "peacekeeping",
    "mission",
    "request",
    "intervention",
    "protocol",
    "charter",
    "nations",
    "border",
    "conflict",
    "organisation",
    "secretary",
    "general",
    "ministers",
    "decision",
    "consensus",
    "forces",
    "deployment",
    "exercise",
    "Ташкент",
    "Минск",
    "Ереван",
    "Алматы",
    "Душанбе",
    "Бишкек",
    "accord",
    "aggression",
    "threat",
    "sovereignty",
]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML double-quoted strings)."""
    return json.dumps(text, ensure_ascii=False)


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _card(i: int, kind: str, rng: random.Random, sources: int) -> Iterator[str]:
    yield f"  - id: card-{i}"
    yield f"    type: {kind}"
    if kind == "basic":
        yield f"    front: {_q(_sentence(rng))}"
        # the card's number makes the answer its own: no other card's text gives it away
        yield f"    back: {_q(_sentence(rng, 2, 6)[:-1] + f' n{i}.')}"
        if i % 3 == 0:
            yield "    reverse: true"
    elif kind == "cloze":
        a, b = rng.choice(_WORDS), rng.choice(_WORDS)
        text = f"{_sentence(rng, 4, 8)} {{{{{a}|{a}s}}}} {_sentence(rng, 3, 6)} {{{{{b}}}}}."
        yield f"    text: {_q(text)}"
    elif kind == "mcq":
        yield f"    question: {_q(_sentence(rng))}"
        yield "    options:"
        for j in range(4):
            yield f"      - text: {_q(f'Option {j} {rng.choice(_WORDS)} n{i}')}"
            if j == 0:
                yield "        correct: true"
            yield f"        why: {_q(_sentence(rng, 4, 10))}"
    elif kind == "true_false":
        yield f"    statement: {_q(_sentence(rng))}"
        yield f"    answer: {'true' if i % 2 else 'false'}"
    elif kind == "typed":
        yield f"    question: {_q(_sentence(rng))}"
        yield f"    answers: [{_q(rng.choice(_WORDS))}, {_q('alt ' + rng.choice(_WORDS))}]"
    elif kind == "numeric":
        yield f"    question: {_q(_sentence(rng))}"
        yield f"    answer: {1990 + i % 35}"
        yield "    tolerance: 1"
    elif kind == "order":
        yield f"    prompt: {_q(_sentence(rng))}"
        yield "    items:"
        for j in range(4):
            # numbered down, so that sorting the items does not give their order away
            yield f"      - {_q(f'Step {4 - j} {rng.choice(_WORDS)}')}"
    elif kind == "match":
        yield f"    prompt: {_q(_sentence(rng))}"
        yield "    pairs:"
        for j in range(4):
            yield f"      - [{_q(f'Left {j} {rng.choice(_WORDS)}')}, {_q(f'Right {j}')}]"
    yield f"    explanation: {_q(_sentence(rng, 10, 25))}"
    if i % 4 == 0:
        yield f'    source: {{id: src-{i % sources}, locator: "para {i % 40 + 1}"}}'
    else:
        yield f"    source: src-{i % sources}"
    yield f"    tags: [{(CARD_TYPES.index(kind) and 'topic-' + str(i % 7)) or 'basics'}]"


def deck_text(
    cards: int, deck_id: str = "bench-deck", seed: int = 1, new_per_day: int | None = None
) -> str:
    """A valid deck of `cards` cards, cycling through all eight card types."""
    rng = random.Random(seed)
    sources = 5
    lines = [
        "studydeck: 1",
        f"id: {deck_id}",
        f"title: {_q(f'Benchmark deck {deck_id} ({cards} cards)')}",
        f"description: {_q(_sentence(rng))}",
        "language: en",
        "authors: [studydeck benchmarks]",
        "tags: [bench]",
        "sources:",
    ]
    for s in range(sources):
        lines += [f"  - id: src-{s}", f"    title: {_q(_sentence(rng, 3, 6))}"]
    if new_per_day is not None:
        lines += ["settings:", f"  new_per_day: {new_per_day}"]
    lines.append("cards:")
    for i in range(cards):
        lines.extend(_card(i, CARD_TYPES[i % len(CARD_TYPES)], rng, sources))
    return "\n".join(lines) + "\n"


def write_deck(
    path: Path,
    cards: int,
    deck_id: str = "bench-deck",
    seed: int = 1,
    new_per_day: int | None = None,
) -> Path:
    path.write_text(deck_text(cards, deck_id, seed, new_per_day), encoding="utf-8")
    return path


def items_of(cards: int) -> list[tuple[str, str, str]]:
    """(card id, part, card type) of every item in `deck_text(cards)`, without parsing it."""
    items: list[tuple[str, str, str]] = []
    for i in range(cards):
        kind = CARD_TYPES[i % len(CARD_TYPES)]
        card_id = f"card-{i}"
        if kind == "cloze":
            items += [(card_id, "c1", kind), (card_id, "c2", kind)]
        elif kind == "basic" and i % 3 == 0:
            items += [(card_id, "", kind), (card_id, "reverse", kind)]
        else:
            items.append((card_id, "", kind))
    return items
