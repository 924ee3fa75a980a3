"""`studydeck new DECK_FILE`: start a deck from a commented example of every card type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Write a commented starter deck with one card of every type (valid as "
        "written) and the schema line editors use for completion. Never replaces a file.",
    )
    p.add_argument("deck_file", type=Path, metavar="DECK_FILE", help="the .yaml file to create")


def run(args: argparse.Namespace) -> int:
    from studydeck.instructor.starter import create_starter

    path: Path = args.deck_file
    if path.suffix not in (".yaml", ".yml"):
        print(f"studydeck new: {path}: a deck file ends in .yaml or .yml", file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"studydeck new: {path.parent}: no such folder", file=sys.stderr)
        return 2
    try:
        create_starter(path)
    except FileExistsError:
        print(f"studydeck new: {path} already exists; not replacing it", file=sys.stderr)
        return 1
    print(f"{path}: starter deck written; check it with `studydeck validate --watch {path}`")
    return 0
