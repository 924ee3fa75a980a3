"""A loaded card's text holds one copy of itself: no UTF-8 copy left attached by validation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from studydeck.deck.format import checked_card
from studydeck.deck.loader import load_deck
from studydeck.deck.models import McqCard, field_names

DECK = """\
studydeck: 1
id: memory
title: Памяти
cards:
  - {id: b, type: basic, front: "Столица — Ташкент?", back: "No — it’s “Tashkent”.",
     explanation: "Ташкент, 1992", hint: "Узбекистан"}
  - {id: c, type: cloze, text: "The treaty was signed in {{Ташкент}}."}
  - id: m
    type: mcq
    question: "Где?"
    options:
      - {text: "Ташкент", correct: true, why: "Да — там."}
      - {text: "Минск"}
  - {id: t, type: true_false, statement: "Ереван — столица.", answer: true}
  - {id: y, type: typed, question: "Город?", answers: ["Ташкент", "Tashkent"]}
  - {id: n, type: numeric, question: "Год — ?", answer: 1992}
  - {id: o, type: order, prompt: "Порядок", items: ["Один", "Два"]}
  - {id: p, type: match, prompt: "Пары", pairs: [["Ереван", "Армения"], ["Минск", "Беларусь"]]}
"""


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [t for name in field_names(type(value)) for t in _texts(getattr(value, name))]
    return []


def test_non_ascii_card_text_carries_no_second_utf8_copy(tmp_path: Path) -> None:
    path = tmp_path / "memory.yaml"
    path.write_text(DECK, encoding="utf-8")
    deck = load_deck(path).deck
    assert deck is not None
    texts = [t for card in deck.cards for t in _texts(card)]
    non_ascii = [t for t in texts if not t.isascii()]
    mcq = deck.card("m")
    assert isinstance(mcq, McqCard)
    assert {"Да — там.", "Минск", "Армения", "Tashkent"} <= set(texts)
    assert len(non_ascii) >= 20
    for text in non_ascii:
        # a string re-made from its bytes has no UTF-8 copy attached: the same size means the
        # loaded one has none either (pydantic's length checks attach one to what they check)
        assert sys.getsizeof(text) == sys.getsizeof(text.encode().decode()), text


def test_strings_that_repeat_across_cards_are_kept_once() -> None:
    def card(i: int, tags: list[str], source: object) -> Any:
        data = {"type": new("basic"), "id": f"c{i}", "front": "F", "back": "B"}
        return checked_card(data | {"tags": tags, "source": source})

    def new(text: str) -> str:
        return "".join(list(text))  # a string of its own, as a YAML reader makes each one

    a = card(1, [new("geo-x"), new("members-x")], new("forster-x"))
    b = card(2, [new("geo-x")], {"id": new("forster"), "locator": new("p 2")})
    c = card(3, [new("members-x")], {"id": new("forster"), "locator": new("p 2")})
    assert new("p 2") is not new("p 2")
    assert a.tags[0] is b.tags[0] and a.tags[1] is c.tags[0]
    assert a.source is sys.intern("forster-x")
    assert b.source.locator is c.source.locator and b.source.id is c.source.id
    assert a.type is b.type is c.type  # 100,000 cards: 5.5 MB of "basic", "mcq", … otherwise


def test_lists_of_a_loaded_card_take_no_spare_room(tmp_path: Path) -> None:
    # a list grown by appending keeps room for more; the format's validation made each to size
    path = tmp_path / "memory.yaml"
    path.write_text(DECK, encoding="utf-8")
    deck = load_deck(path).deck
    assert deck is not None
    lists = [
        value
        for card in deck.cards
        for name in field_names(type(card))
        for value in [getattr(card, name)]
        if isinstance(value, list)
    ]
    lists += [pair for card in deck.cards for pair in getattr(card, "pairs", [])]
    assert len(lists) >= 5
    for value in lists:
        assert sys.getsizeof(value) == sys.getsizeof(value.copy()), value
