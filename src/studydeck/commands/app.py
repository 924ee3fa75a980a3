"""`studydeck` / `studydeck app [DECK…]`: open the study app on the bundled decks (and more).

Textual is imported only inside `run`, so building the parser for other commands stays light.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studydeck.locations import bundled_decks_dir, progress_path

if TYPE_CHECKING:
    from studydeck.deck.loader import LoadResult
    from studydeck.deck.models import Deck
    from studydeck.store import ProgressFileError, Store


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Open the study app on the bundled decks and any deck files or folders "
        "given. Running `studydeck` with no command does the same.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="DECK", help="deck files or folders")


def now() -> datetime:
    return datetime.now(UTC)


def open_progress(args: argparse.Namespace) -> Store | None:
    """The learner's progress file, or None after saying in the terminal why it cannot be used.

    A damaged file is never replaced: the learner decides what to do with it.
    """
    from studydeck.store import ProgressFileError, open_store

    path = progress_path(getattr(args, "data_dir", None))
    try:
        return open_store(path, now())
    except ProgressFileError as error:
        say_why(error)
        return None


def say_why(error: ProgressFileError) -> None:
    """Why the progress file cannot be used, and what to do, in the terminal."""
    from studydeck.visible import visible

    print(visible(f"studydeck: cannot use the progress file {error.path}"), file=sys.stderr)
    print(visible(f"  {error.message}"), file=sys.stderr)
    print(visible(f"  {error.advice}"), file=sys.stderr)
    print("  The file has been left exactly as it was.", file=sys.stderr)


def run_app(
    args: argparse.Namespace,
    *,
    decks: Sequence[Deck] = (),
    deck_paths: Sequence[Path] = (),
    broken: Sequence[LoadResult] = (),
    study_on_start: bool = False,
    cram: bool = False,
) -> int:
    """Open the progress file, run the app until the learner quits, close the file."""
    store = open_progress(args)
    if store is None:
        return 1
    try:
        from studydeck.tui.app import make_app

        app = make_app(
            decks,
            store,
            now,
            deck_paths=deck_paths,
            broken=broken,
            study_on_start=study_on_start,
            cram=cram,
        )
        app.run()
    finally:
        store.close()
    if app.progress_error is not None:
        say_why(app.progress_error)
    return app.return_code or 0


def run(args: argparse.Namespace) -> int:
    extra: list[Path] = list(getattr(args, "paths", None) or [])
    missing = [p for p in extra if not p.exists()]
    if missing:
        for p in missing:
            print(f"studydeck: {p}: no such file or folder", file=sys.stderr)
        return 2
    return run_app(args, deck_paths=[bundled_decks_dir(), *class_decks(args), *extra])


def class_decks(args: argparse.Namespace) -> list[Path]:
    """The decks `studydeck sync` pulled from a class hub, when there are any."""
    from studydeck.hub.status import hub_decks_dir
    from studydeck.locations import data_dir

    folder = hub_decks_dir(data_dir(getattr(args, "data_dir", None)))
    return [folder] if folder.is_dir() else []
