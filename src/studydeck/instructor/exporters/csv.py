"""Export a deck as CSV: one row per card, for spreadsheets and other tools."""

from __future__ import annotations

import os
from pathlib import Path

from studydeck.deck.models import Deck
from studydeck.instructor import csv_cells, render

COLUMNS = ["id", "type", "prompt", "answer", "explanation", "source", "tags"]


def rows(deck: Deck) -> list[list[str]]:
    out: list[list[str]] = []
    for card in deck.cards:
        explanation = "\n\n".join(p for p in (card.explanation, render.option_notes(card)) if p)
        out.append(
            [
                card.id,
                card.type,
                render.prompt(card),
                render.answer(card),
                explanation,
                render.source_text(deck, card),
                " ".join(sorted({*deck.tags, *card.tags})),
            ]
        )
    return out


def write_csv(deck: Deck, out: Path) -> int:
    """Write UTF-8 CSV with a header row (RFC 4180 quoting); returns the number of cards."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv_cells.Writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(rows(deck))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return len(deck.cards)
