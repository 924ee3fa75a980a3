"""deck/text.py: the one home of a card's text, for every card type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.deckgen import write_deck

from studydeck.deck import text
from studydeck.deck.cloze import part_index, part_name
from studydeck.deck.format import checked_card, checked_deck
from studydeck.deck.loader import load_deck
from studydeck.deck.models import CARD_TYPES, Card


def card(**data: Any) -> Card:
    return checked_card({"id": "c", **data})


CARDS = {
    "basic": card(type="basic", front="Capital of Armenia?", back="Yerevan", reverse=True),
    "cloze": card(type="cloze", text="Signed in {{Tashkent|Toshkent}} in {{1992}}."),
    "mcq": card(
        type="mcq",
        question="Members?",
        options=[
            {"text": "Armenia", "correct": True},
            {"text": "Georgia"},
            {"text": "Belarus", "correct": True},
        ],
    ),
    "true_false": card(type="true_false", statement="Georgia is a member.", answer=False),
    "typed": card(type="typed", question="Seat?", answers=["Moscow", "Moskva"]),
    "numeric": card(type="numeric", question="Year?", answer=1992, tolerance=1),
    "order": card(type="order", prompt="Oldest first", items=["Tashkent", "Charter"]),
    "match": card(type="match", prompt="Capitals", pairs=[["Armenia", "Yerevan"], ["Belarus", "Minsk"]]),  # noqa: E501
}  # fmt: skip


def test_every_card_type_is_here() -> None:
    assert set(CARDS) == set(CARD_TYPES)


@pytest.mark.parametrize(
    ("kind", "part", "prompt", "answer"),
    [
        ("basic", "", "Capital of Armenia?", "Yerevan"),
        ("basic", "reverse", "Yerevan", "Capital of Armenia?"),
        ("cloze", "c1", "Signed in […] in 1992.", "Tashkent"),
        ("cloze", "c2", "Signed in Tashkent in […].", "1992"),
        ("mcq", "", "Members?", "Armenia; Belarus"),
        ("true_false", "", "Georgia is a member.", "False"),
        ("typed", "", "Seat?", "Moscow"),
        ("numeric", "", "Year?", "1992 ± 1"),
        ("order", "", "Oldest first", "Tashkent → Charter"),
        ("match", "", "Capitals", "Armenia → Yerevan; Belarus → Minsk"),
    ],
)
def test_an_items_prompt_and_answer(kind: str, part: str, prompt: str, answer: str) -> None:
    assert text.prompt(CARDS[kind], part) == prompt
    assert text.answer(CARDS[kind], part) == answer


def test_accepted_answers_and_full_text() -> None:
    cloze, typed = CARDS["cloze"], CARDS["typed"]
    assert cloze.type == "cloze" and typed.type == "typed"
    assert text.accepted_answers(cloze, "c1") == ("Tashkent", "Toshkent")
    assert text.accepted_answers(typed) == ("Moscow", "Moskva")
    assert text.full_text(cloze, "c2") == "Signed in Tashkent in 1992."
    assert text.full_text(CARDS["mcq"]) == "Members?"


@pytest.mark.parametrize("part", ["", "c0", "c3", "c", "cx", "reverse", "1"])
def test_a_part_the_cloze_does_not_have_is_refused(part: str) -> None:
    with pytest.raises(ValueError, match="no cloze deletion"):
        text.prompt(CARDS["cloze"], part)


def test_cloze_part_names() -> None:
    assert [part_name(i) for i in range(3)] == ["c1", "c2", "c3"]
    assert [part_index(part_name(i)) for i in range(12)] == list(range(12))
    assert CARDS["cloze"].item_keys() == ["c1", "c2"]
    for bad in ["", "c", "c0", "c-1", "x1", "c1x"]:
        with pytest.raises(ValueError):
            part_index(bad)


def test_a_whole_card_for_tools_that_ask_all_at_once() -> None:
    assert text.card_prompt(CARDS["cloze"]) == "Signed in […] in […]."
    assert text.card_answer(CARDS["cloze"]) == "Tashkent / Toshkent; 1992"
    assert text.card_prompt(CARDS["mcq"]).splitlines() == [
        "Members? (choose all that apply)",
        "A. Armenia",
        "B. Georgia",
        "C. Belarus",
    ]
    assert text.card_answer(CARDS["mcq"]) == "A. Armenia; C. Belarus"
    assert text.card_answer(CARDS["numeric"]) == "1992 (± 1)"
    assert text.card_prompt(CARDS["match"]).endswith("(choose from: Minsk, Yerevan)")


def test_the_citation() -> None:
    deck = checked_deck(
        {
            "studydeck": 1,
            "id": "d",
            "title": "D",
            "sources": [
                {
                    "id": "full",
                    "title": "T",
                    "author": "A",
                    "publisher": "P",
                    "year": 1992,
                    "url": "u",
                },
                {"id": "bare", "title": "Bare"},
            ],
        }
    )
    cited = card(type="basic", front="F", back="B", source={"id": "full", "locator": "art. 4"})
    assert text.citation(deck, cited) == "T, A, P, 1992, art. 4 <u>"
    assert text.citation(deck, card(type="basic", front="F", back="B", source="bare")) == "Bare"
    assert text.citation(deck, card(type="basic", front="F", back="B", source="gone")) == "gone"
    assert text.citation(deck, card(type="basic", front="F", back="B")) == ""


def test_every_item_of_a_deck_of_every_type_has_its_text(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path / "deck.yaml", 80)).deck
    assert deck is not None
    for c in deck.cards:
        assert text.card_prompt(c) and text.card_answer(c)
        for part in c.item_keys():
            assert text.prompt(c, part) and text.answer(c, part)
