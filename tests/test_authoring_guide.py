"""The examples in decks/README.md are real: each one validates with no problem."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from studydeck.deck.loader import load_deck
from studydeck.deck.models import CARD_TYPES

GUIDE = Path(__file__).resolve().parent.parent / "decks" / "README.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), re.DOTALL)
HEADER = """\
studydeck: 1
id: guide
title: Guide examples
sources: [{id: forster, title: The Collective Does Not Feel Secure}]
cards:
"""


def test_the_full_deck_example_is_valid(tmp_path: Path) -> None:
    full = next(b for b in BLOCKS if "studydeck: 1" in b)
    path = tmp_path / "deck.yaml"
    path.write_text(full)
    result = load_deck(path)
    assert result.problems == [] and result.deck is not None


def test_every_card_type_has_a_valid_example(tmp_path: Path) -> None:
    cards = [b for b in BLOCKS if b.startswith("- id:")]
    path = tmp_path / "cards.yaml"
    path.write_text(HEADER + "".join(textwrap.indent(b, "  ") for b in cards))
    result = load_deck(path)
    assert result.problems == [], [str(p) for p in result.problems]
    assert result.deck is not None
    assert {c.type for c in result.deck.cards} == set(CARD_TYPES)
