"""Export a deck as an Anki package (.apkg) with genanki.

Ids are derived from the deck id, never random: exporting the same deck again gives the same
note types, deck and note guids, so Anki updates the notes it already has instead of adding
copies. Basic cards (with their reverse) and cloze cards keep their kind; the other types become
basic notes with the options or items on the front and the answer and explanation on the back.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from studydeck.deck import text as card_text
from studydeck.deck.cloze import parse_cloze
from studydeck.deck.models import BasicCard, Card, ClozeCard, Deck
from studydeck.files import atomic_write

_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; color: black;
        background-color: white; }
.explanation { margin-top: 1em; font-size: 16px; text-align: left; }
.source { margin-top: 1em; font-size: 13px; color: #555; text-align: left; }
"""
_EXTRA = (
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">Source: {{Source}}</div>{{/Source}}'
)


def anki_id(*parts: str) -> int:
    """A stable id in the range genanki recommends (2^30..2^31) from a hash of `parts`."""
    digest = hashlib.sha256("\x1f".join(("studydeck", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def html_text(text: str) -> str:
    """Our plain text as an Anki field (fields are HTML)."""
    return html.escape(text).replace("\n", "<br>")


def basic_model(deck: Deck) -> genanki.Model:
    return genanki.Model(
        anki_id("model", "basic", deck.id),
        f"studydeck basic ({deck.id})",
        fields=[
            {"name": "Front"},
            {"name": "Back"},
            {"name": "Explanation"},
            {"name": "Source"},
            {"name": "Add Reverse"},
        ],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + _EXTRA,
            },
            {
                # Anki makes this card only when the front renders non-empty: only if
                # `Add Reverse` is filled in, as in Anki's "Basic (optional reversed card)".
                "name": "Card 2",
                "qfmt": "{{#Add Reverse}}{{Back}}{{/Add Reverse}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Front}}' + _EXTRA,
            },
        ],
        css=_CSS,
    )


def cloze_model(deck: Deck) -> genanki.Model:
    return genanki.Model(
        anki_id("model", "cloze", deck.id),
        f"studydeck cloze ({deck.id})",
        fields=[
            {"name": "Text"},
            {"name": "Back Extra"},
            {"name": "Explanation"},
            {"name": "Source"},
        ],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Back Extra}}" + _EXTRA,
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )


def anki_cloze(card: ClozeCard) -> tuple[str, str]:
    """Our `{{answer|alt}}` as Anki's `{{c1::answer}}`, numbered in order; alternatives go to
    Back Extra because Anki's cloze has one answer."""
    cloze = parse_cloze(card.text)
    parts: list[str] = []
    also: list[str] = []
    last = 0
    for n, d in enumerate(cloze.deletions, start=1):
        parts.append(html_text(cloze.text[last : d.start]))
        parts.append(f"{{{{c{n}::{html_text(d.answers[0])}}}}}")
        if len(d.answers) > 1:
            also.append(f"{d.answers[0]}: also {', '.join(d.answers[1:])}")
        last = d.end
    parts.append(html_text(cloze.text[last:]))
    return "".join(parts), html_text("\n".join(also))


def _explanation(card: Card) -> str:
    parts = [card.explanation or "", card_text.option_notes(card)]
    return html_text("\n\n".join(p for p in parts if p))


@dataclass(frozen=True)
class ApkgSummary:
    notes: int
    cards: int  # Anki cards: a reversed basic note or a cloze with 3 deletions makes several


def build_package(deck: Deck) -> tuple[genanki.Package, int]:
    basic, cloze = basic_model(deck), cloze_model(deck)
    anki_deck = genanki.Deck(anki_id("deck", deck.id), deck.title, deck.description or "")
    anki_cards = 0
    for card in deck.cards:
        source = html_text(card_text.citation(deck, card))
        tags = sorted({*deck.tags, *card.tags})
        guid = genanki.guid_for("studydeck", deck.id, card.id)
        fields: list[str]
        if isinstance(card, ClozeCard):
            text, back_extra = anki_cloze(card)
            fields = [text, back_extra, _explanation(card), source]
            note = genanki.Note(model=cloze, fields=fields, tags=tags, guid=guid)
        else:
            reverse = "y" if isinstance(card, BasicCard) and card.reverse else ""
            front, back = (
                html_text(card_text.card_prompt(card)),
                html_text(card_text.card_answer(card)),
            )
            fields = [front, back, _explanation(card), source, reverse]
            note = genanki.Note(model=basic, fields=fields, tags=tags, guid=guid)
        anki_deck.add_note(note)
        anki_cards += len(note.cards)
    return genanki.Package(anki_deck), anki_cards


def write_apkg(deck: Deck, out: Path, timestamp: float | None = None) -> ApkgSummary:
    """Write the package to `out` (replaced whole, via a temporary file)."""
    package, anki_cards = build_package(deck)
    timestamp = time.time() if timestamp is None else timestamp
    # genanki's write_to_file leaves its temporary database behind in /tmp; this does the
    # same steps (write_to_db, then zip it as collection.anki2) and cleans up after itself.
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with atomic_write(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
    return ApkgSummary(notes=len(deck.cards), cards=anki_cards)
