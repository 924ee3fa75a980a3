"""Export a deck as CSV: one row per card, for spreadsheets and other tools."""

from __future__ import annotations

from pathlib import Path

from studydeck.deck import text as card_text
from studydeck.deck.models import Deck
from studydeck.files import atomic_write
from studydeck.instructor import csv_cells

COLUMNS = ["id", "type", "prompt", "answer", "explanation", "source", "tags"]


def rows(deck: Deck) -> list[list[str]]:
    out: list[list[str]] = []
    for card in deck.cards:
        explanation = "\n\n".join(p for p in (card.explanation, card_text.option_notes(card)) if p)
        out.append(
            [
                card.id,
                card.type,
                card_text.card_prompt(card),
                card_text.card_answer(card),
                explanation,
                card_text.citation(deck, card),
                " ".join(sorted({*deck.tags, *card.tags})),
            ]
        )
    return out


def write_csv(deck: Deck, out: Path) -> int:
    """Write UTF-8 CSV with a header row (RFC 4180 quoting); returns the number of cards."""
    with atomic_write(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv_cells.Writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows(deck))
    return len(deck.cards)
