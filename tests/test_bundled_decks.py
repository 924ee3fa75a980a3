"""The bundled CSTO decks keep the rules of issue 5 that a program can check."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from studydeck.deck.loader import load_decks
from studydeck.deck.models import (
    BasicCard,
    Card,
    ClozeCard,
    Deck,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studydeck.deck.validate import normalize
from studydeck.locations import bundled_decks_dir

DECKS_DIR = bundled_decks_dir()
EXPECTED = {"csto-members", "csto-article4", "csto-after-2022", "csto-institutions"}
RECALL = {"basic", "typed", "cloze"}
RECOGNITION = {"mcq", "true_false"}
STRUCTURE = {"order", "match"}
# what fits on an 80×24 study screen beside the feedback panel
MAX_PROMPT = 260
MAX_EXPLANATION = 420
SEED_BODY_PARAGRAPHS = 14


def bundled() -> list[Deck]:
    results = load_decks([DECKS_DIR])
    assert all(r.deck is not None for r in results), [str(p) for r in results for p in r.errors]
    return [r.deck for r in results if r.deck is not None]


DECKS = bundled()
ALL_CARDS = [(deck, card) for deck in DECKS for card in deck.cards]


def card_label(deck: Deck, card: Card) -> str:
    return f"{deck.id}:{card.id}"


def prompt_of(card: Card) -> str:
    if isinstance(card, BasicCard):
        return card.front
    if isinstance(card, ClozeCard):
        return card.text
    if isinstance(card, McqCard | TypedCard | NumericCard):
        return card.question
    if isinstance(card, TrueFalseCard):
        return card.statement
    return card.prompt


def test_the_four_decks_are_bundled() -> None:
    assert {d.id for d in DECKS} == EXPECTED


def test_at_least_150_cards_of_at_least_six_types() -> None:
    assert len(ALL_CARDS) >= 150
    assert len({card.type for _, card in ALL_CARDS}) >= 6


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_each_deck_mixes_recall_recognition_and_structure(deck: Deck) -> None:
    types = Counter(card.type for card in deck.cards)
    assert set(types) & RECALL, types
    assert set(types) & RECOGNITION, types
    assert set(types) & STRUCTURE, types


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.id)
def test_every_card_explains_and_cites_a_declared_source(deck: Deck) -> None:
    declared = {s.id for s in deck.sources}
    assert "forster" in declared, "every deck cites the seed article"
    for card in deck.cards:
        assert card.explanation, card.id
        assert card.source_id in declared, card.id


def test_explanations_are_not_restatements_of_the_answer() -> None:
    for deck, card in ALL_CARDS:
        assert card.explanation is not None
        answers: list[str] = []
        if isinstance(card, BasicCard):
            answers = [card.back]
        elif isinstance(card, TypedCard):
            answers = card.answers
        elif isinstance(card, McqCard):
            answers = [o.text for o in card.options if o.correct]
        assert normalize(card.explanation) not in {normalize(a) for a in answers}, card_label(
            deck, card
        )


def test_every_wrong_mcq_option_says_why() -> None:
    for deck, card in ALL_CARDS:
        if isinstance(card, McqCard):
            assert len(card.options) >= 3, card_label(deck, card)
            for option in card.options:
                if not option.correct:
                    assert option.why, f"{card_label(deck, card)}: {option.text}"


def test_structure_cards_are_unambiguous() -> None:
    for deck, card in ALL_CARDS:
        if isinstance(card, OrderCard):
            assert len({normalize(i) for i in card.items}) == len(card.items)
        if isinstance(card, MatchCard):
            assert len(card.pairs) >= 3, card_label(deck, card)


def test_cards_fit_the_study_screen() -> None:
    for deck, card in ALL_CARDS:
        assert len(prompt_of(card)) <= MAX_PROMPT, card_label(deck, card)
        assert card.explanation is not None
        assert len(card.explanation) <= MAX_EXPLANATION, card_label(deck, card)


def test_coverage_map_names_real_cards_and_every_paragraph() -> None:
    text = (DECKS_DIR / "COVERAGE.md").read_text()
    known = {card_label(deck, card) for deck, card in ALL_CARDS}
    cited = set(re.findall(r"\b(csto-[a-z0-9-]+:[a-z0-9-]+)", text))
    assert cited, "the coverage map cites cards as deck-id:card-id"
    assert cited <= known, sorted(cited - known)
    rows = [line for line in text.splitlines() if re.match(r"\|\s*\d", line)]
    paragraphs: set[int] = set()
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        paragraphs.update(int(n) for n in re.findall(r"\d+", cells[0]))
        has_cards = re.search(r"csto-[a-z0-9-]+:[a-z0-9-]+", cells[-1])
        assert has_cards or cells[-1].lower().startswith("none"), row
    assert paragraphs >= set(range(1, SEED_BODY_PARAGRAPHS + 1))


def test_decks_carry_the_schema_modeline() -> None:
    for path in sorted(Path(DECKS_DIR).glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/deck-v1.schema.json", path
