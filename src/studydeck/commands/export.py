"""`studydeck export DECK --to apkg|csv -o FILE`: a deck for Anki or a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studydeck.study.words import plural


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Export a deck file to an Anki package (.apkg: basic and cloze notes keep "
        "their kind, other card types become basic notes with the answer and explanation on "
        "the back) or to CSV (one row per card). Re-exporting gives the same Anki ids, so "
        "Anki updates its notes instead of duplicating them.",
    )
    p.add_argument("deck", type=Path, metavar="DECK", help="the deck file (.yaml)")
    p.add_argument(
        "--to", dest="fmt", choices=["apkg", "csv"], help="format (default: from FILE's suffix)"
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from studydeck.deck.loader import load_deck
    from studydeck.output_file import output_problem

    out: Path = args.output
    fmt = args.fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("apkg", "csv"):
        print("studydeck export: say --to apkg or --to csv", file=sys.stderr)
        return 2
    if not args.deck.is_file():
        print(f"studydeck export: {args.deck}: no such file", file=sys.stderr)
        return 2
    refused = output_problem(out, [args.deck], force=args.force)
    if refused:
        print(f"studydeck export: {refused}", file=sys.stderr)
        return 2
    result = load_deck(args.deck)
    if result.deck is None:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(f"studydeck export: {args.deck} has errors; fix them first", file=sys.stderr)
        return 1
    deck = result.deck
    if fmt == "apkg":
        from studydeck.instructor.exporters.apkg import write_apkg

        summary = write_apkg(deck, out)
        print(
            f"{out}: {plural(summary.notes, 'note')}, {plural(summary.cards, 'Anki card')} "
            f"from {deck.id}"
        )
    else:
        from studydeck.instructor.exporters.csv import write_csv

        print(f"{out}: {plural(write_csv(deck, out), 'card')} from {deck.id}")
    return 0
