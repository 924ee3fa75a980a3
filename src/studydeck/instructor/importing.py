"""Turn another tool's file into a v1 deck file: convert, report, and write all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from studydeck.deck.limits import DEFAULT_MAX_BYTES
from studydeck.deck.models import SLUG_PATTERN, Deck
from studydeck.instructor.deckfile import schema_modeline, write_deck
from studydeck.instructor.importers.common import ImportResult
from studydeck.instructor.text import one_line, slugify

FORMAT_NAMES = {
    "anki": "Anki text export",
    "quizlet": "Quizlet export",
    "gift": "Moodle GIFT",
}


@dataclass
class ImportOptions:
    separator: str | None = None  # anki: when the file has no `#separator:`; quizlet: term/def
    row_separator: str | None = None  # quizlet only


def convert(path: Path, fmt: str, options: ImportOptions | None = None) -> ImportResult:
    """Read `path` in format `fmt` (anki, quizlet or gift) into cards and notices."""
    options = options or ImportOptions()
    if fmt == "anki":
        from studydeck.instructor.importers.anki import import_anki

        return import_anki(path, options.separator)
    if fmt == "quizlet":
        from studydeck.instructor.importers.quizlet import import_quizlet

        return import_quizlet(path, options.separator, options.row_separator)
    if fmt == "gift":
        from studydeck.instructor.importers.gift import import_gift

        return import_gift(path)
    raise ValueError(f"unknown import format {fmt!r}")


def valid_deck_id(deck_id: str) -> bool:
    return bool(re.match(SLUG_PATTERN, deck_id)) and len(deck_id) <= 100


def make_deck(
    result: ImportResult,
    source: Path,
    fmt: str,
    out: Path,
    deck_id: str | None = None,
    title: str | None = None,
) -> Deck:
    """The deck: id from `--id` or the output file's name (decks are named by their id)."""
    return Deck(
        studydeck=1,
        id=deck_id or slugify(out.stem, 60) or "imported",
        # a title from the file (Anki's #deck:) may hold line breaks or controls: one clean line
        title=(one_line(title or result.title or "") or source.stem)[:500],
        description=f"Imported from {source.name} ({FORMAT_NAMES[fmt]}).",
        cards=result.cards,
    )


def write_imported(
    deck: Deck, source: Path, fmt: str, out: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> None:
    comments = [
        schema_modeline(out)[2:],
        f"Imported from {source.name} ({FORMAT_NAMES[fmt]}) by `studydeck import`.",
        "Card ids are stable: importing the same file again gives the same ids.",
        "Before sharing: declare `sources:`, cite one per card (`source:`), add explanations.",
    ]
    write_deck(deck, out, comments, max_bytes)
