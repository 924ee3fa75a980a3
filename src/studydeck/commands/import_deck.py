"""`studydeck import FILE --from anki|quizlet|gift -o DECK.yaml`: convert another tool's file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studydeck.deck.limits import DEFAULT_MAX_BYTES
from studydeck.study.words import plural
from studydeck.visible import visible


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Convert an Anki text export, a Quizlet export or a Moodle GIFT file into a "
        "v1 deck. Every question that cannot be converted is listed as FILE:LINE: skipped: "
        "reason. The deck is written whole or not at all. Exit 0 when a deck was written, "
        "1 when nothing could be converted, 2 on a usage error.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    p.add_argument(
        "--from",
        dest="fmt",
        required=True,
        choices=["anki", "quizlet", "gift"],
        help="the tool that wrote FILE",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DECK.yaml")
    p.add_argument("--id", dest="deck_id", metavar="ID", help="deck id (default: from DECK.yaml)")
    p.add_argument("--title", metavar="T", help="deck title (default: from the file)")
    p.add_argument(
        "--separator",
        metavar="SEP",
        help="anki: field separator when the file has no #separator: header; quizlet: between "
        "term and definition (tab, comma or any text; default tab)",
    )
    p.add_argument(
        "--row-separator",
        metavar="SEP",
        help="quizlet: between rows (newline, semicolon or any text; default newline)",
    )
    p.add_argument("--force", action="store_true", help="replace DECK.yaml if it exists")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest deck file written (default {DEFAULT_MAX_BYTES:,})",
    )


def run(args: argparse.Namespace) -> int:
    from studydeck.instructor.deckfile import DeckWriteError
    from studydeck.instructor.importers.common import ImportFileError
    from studydeck.instructor.importing import (
        ImportOptions,
        convert,
        make_deck,
        valid_deck_id,
        write_imported,
    )
    from studydeck.output_file import output_problem

    source: Path = args.file
    out: Path = args.output
    if not source.is_file():
        print(f"studydeck import: {source}: no such file", file=sys.stderr)
        return 2
    refused = output_problem(out, [source], force=args.force)
    if refused:
        print(f"studydeck import: {refused}", file=sys.stderr)
        return 2
    for name, given in (("--separator", args.separator), ("--row-separator", args.row_separator)):
        if given == "":
            print(f"studydeck import: {name} must not be empty", file=sys.stderr)
            return 2
    if args.deck_id is not None and not valid_deck_id(args.deck_id):
        print(
            f"studydeck import: --id {args.deck_id!r} is not a valid id: use lowercase "
            "letters, digits and hyphens, e.g. `spanish-verbs`",
            file=sys.stderr,
        )
        return 2
    try:
        result = convert(source, args.fmt, ImportOptions(args.separator, args.row_separator))
    except ImportFileError as exc:
        print(visible(f"studydeck import: {exc}"), file=sys.stderr)
        return 1
    for notice in sorted(result.notices, key=lambda n: n.line):
        print(notice.format(str(source)))
    skipped = len(result.skipped)
    if not result.cards:
        print(
            f"studydeck import: nothing to import from {source} ({skipped} skipped); "
            f"{out} was not written",
            file=sys.stderr,
        )
        return 1
    deck = make_deck(result, source, args.fmt, out, args.deck_id, args.title)
    try:
        write_imported(deck, source, args.fmt, out, args.max_bytes)
    except DeckWriteError as exc:
        print(f"studydeck import: the converted deck did not validate: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: {plural(len(deck.cards), 'card')} imported, {skipped} skipped")
    return 0
