"""`studydeck sync`: pull the class's decks from the joined hub and push your new answers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from studydeck.hub import INSTALL_HINT, available


def add_parser(sub: Any, name: str, help_text: str) -> None:
    sub.add_parser(
        name,
        help=help_text,
        description="Pull the decks published to your class into a local folder the app loads, "
        "and push the answers the hub does not have yet. Safe to repeat or interrupt: nothing "
        "is lost or counted twice. Join a class first with `studydeck hub join`.",
    )


def run(args: argparse.Namespace) -> int:
    if not available():
        print(f"studydeck sync: {INSTALL_HINT}", file=sys.stderr)
        return 2
    from datetime import UTC, datetime

    from studydeck.hub.status import hub_decks_dir
    from studydeck.hub.sync import SyncError, sync
    from studydeck.locations import data_dir
    from studydeck.store import ProgressFileError, open_store

    folder = data_dir(args.data_dir)
    now = datetime.now(UTC)
    try:
        store = open_store(folder / "progress.sqlite3", now)
    except ProgressFileError as exc:
        print(f"studydeck sync: {exc}", file=sys.stderr)
        return 1
    try:
        result = sync(store, folder, now)
    except SyncError as exc:
        print(f"studydeck sync: {exc}", file=sys.stderr)
        print("studydeck sync: nothing was lost; the next sync finishes the job", file=sys.stderr)
        return 1
    finally:
        store.close()
    pulled, pushed = result.pulled, result.pushed
    decks = ", ".join(pulled.updated) if pulled.updated else "none"
    print(f"studydeck sync: decks updated: {decks} (in {hub_decks_dir(folder)})")
    for deck_id in pulled.skipped:
        print(f"studydeck sync: skipped deck {deck_id!r}: not usable as a file name")
    print(
        f"studydeck sync: pushed {pushed.answers} new answer{'s' if pushed.answers != 1 else ''}"
        f", {pushed.undone} undone"
    )
    return 0
