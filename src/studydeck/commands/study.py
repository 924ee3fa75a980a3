"""`studydeck study DECK_OR_FILE… [--cram]`: straight into a study session."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studydeck.commands.app import run_app

if TYPE_CHECKING:
    from studydeck.deck.models import Deck


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Start a study session at once on the given decks: deck files, folders of "
        "them, or the ids of bundled decks. With --cram, go through every card without changing "
        "the schedule (also a way for instructors to preview a deck).",
    )
    p.add_argument(
        "decks",
        nargs="+",
        metavar="DECK_OR_FILE",
        help="a deck file, a folder, or a bundled deck id",
    )
    p.add_argument(
        "--cram", action="store_true", help="go through every card; the schedule is not changed"
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="plain mode: questions as plain lines, answers read from standard input one line "
        "at a time (for screen readers and scripts); chosen by itself when standard output is "
        "not a terminal or TERM=dumb",
    )


def run(args: argparse.Namespace) -> int:
    from studydeck.deck.cache import load_file
    from studydeck.deck.loader import find_deck_files, keep_for_the_session

    files: list[Path] = []
    ids: list[str] = []
    for given in args.decks:
        path = Path(given)
        if path.exists():
            files.extend(find_deck_files([path]))
        else:
            ids.append(given)
    results = [load_file(f) for f in files]  # an unchanged file is not checked again
    if ids:
        from studydeck.commands.app import class_decks

        bundled = bundled_files(class_decks(args))  # bundled, and pulled from a class hub
        unknown = [i for i in ids if i not in bundled]
        if unknown:
            for name in unknown:
                print(
                    f"studydeck study: {name}: no such file or folder, nor a bundled deck",
                    file=sys.stderr,
                )
            known = ", ".join(sorted(bundled)) or "none"
            print(f"  bundled decks: {known}", file=sys.stderr)
            return 2
        results.extend(load_file(bundled[i]) for i in ids)  # only the decks asked for
    broken = [r for r in results if r.deck is None or r.errors]
    if broken:
        for r in broken:
            for problem in r.errors:
                print(problem, file=sys.stderr)
        print("studydeck study: fix these decks first (see `studydeck validate`)", file=sys.stderr)
        return 1
    if not results:
        print("studydeck study: no *.yaml or *.yml deck files found", file=sys.stderr)
        return 2
    decks = [r.deck for r in results if r.deck is not None]
    keep_for_the_session()
    if plain_wanted(args):
        return run_plain_session(args, decks)
    return run_app(args, decks=decks, study_on_start=True, cram=args.cram)


def bundled_files(class_folders: list[Path]) -> dict[str, Path]:
    """Bundled deck id (or one pulled from a class hub) → its file, from the outcomes
    remembered for unchanged deck files (the deck models are not needed to find which file holds
    an id; see deck/cache.py)."""
    from studydeck.deck.cache import check_file
    from studydeck.deck.loader import find_deck_files
    from studydeck.locations import bundled_decks_dir

    found: dict[str, Path] = {}
    for path in find_deck_files([bundled_decks_dir(), *class_folders]):
        deck = check_file(path).deck
        if deck is not None:
            found.setdefault(deck.id, path)
    return found


def plain_wanted(args: argparse.Namespace) -> bool:
    """--plain, or no terminal to draw the app on (output piped, or TERM=dumb)."""
    return bool(args.plain) or not sys.stdout.isatty() or os.environ.get("TERM") == "dumb"


def run_plain_session(args: argparse.Namespace, decks: list[Deck]) -> int:
    """The session in plain mode (study/plain.py), on the same progress file as the app."""
    from studydeck.commands.app import now, open_progress
    from studydeck.study.plain import run_plain

    store = open_progress(args)
    if store is None:
        return 1
    try:
        return run_plain(store, decks, now, sys.stdin, sys.stdout, cram=args.cram)
    finally:
        store.close()
