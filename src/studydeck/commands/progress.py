"""`studydeck progress export [--anonymous]`: the learner's progress as JSON on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studydeck.visible import visible


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description="Share your progress with an instructor."
    )
    actions = p.add_subparsers(dest="progress_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="print a progress summary as JSON (redirect it to a file: > me.json)",
        description="Print a summary of your progress per deck and card as JSON: reviews, "
        "right and wrong, lapses, right first time and your first answer to each part, current "
        "recall probability, last review, the content hash of each card, and which wrong "
        "options of multiple-choice cards you chose, with your progress file's random learner "
        "id. Nothing else leaves your machine. With --anonymous, your user name, host and "
        "folders are left out and the id is replaced by a pseudonym made from it: the same in "
        "every export, so your instructor counts you once, but not traceable to you.",
    )
    export.add_argument(
        "--anonymous", action="store_true", help="leave out who and where; use a pseudonym"
    )
    export.add_argument(
        "--decks",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="deck files or folders to report on (default: the bundled decks)",
    )


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from studydeck.deck.loader import load_decks
    from studydeck.instructor.progress import export_progress
    from studydeck.locations import bundled_decks_dir, data_dir, progress_path
    from studydeck.store import ProgressFileError

    path = progress_path(args.data_dir)
    if not path.is_file():
        print(
            f"studydeck progress: no progress file at {path} yet: study a deck first "
            "(or point --data-dir at the folder that has it)",
            file=sys.stderr,
        )
        return 1
    deck_paths: list[Path] = args.decks or [bundled_decks_dir()]
    missing = [p for p in deck_paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"studydeck progress: {p}: no such file or folder", file=sys.stderr)
        return 2
    results = load_decks(deck_paths)
    for r in results:
        if r.deck is None:
            print(visible(f"studydeck progress: left out {r.path}: it has errors"), file=sys.stderr)
    decks = [r.deck for r in results if r.deck is not None]
    try:
        summary = export_progress(
            path,
            decks,
            datetime.now(UTC),
            anonymous=args.anonymous,
            data_dir=data_dir(args.data_dir).resolve(),
        )
    except ProgressFileError as exc:
        print(visible(f"studydeck progress: {exc}"), file=sys.stderr)
        return 1
    print(visible(json.dumps(summary, indent=2, ensure_ascii=False), lines=True))
    return 0
