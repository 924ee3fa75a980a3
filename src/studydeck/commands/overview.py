"""Shown when `studydeck` runs with no command and the study app is not available."""

from __future__ import annotations

import argparse

from studydeck.deck.loader import load_decks
from studydeck.locations import bundled_decks_dir


def run(args: argparse.Namespace) -> int:
    results = load_decks([bundled_decks_dir()])
    print(f"studydeck: {len(results)} bundled deck file(s) in {bundled_decks_dir()}")
    for r in results:
        if r.deck:
            print(f"  {r.deck.id:<24} {len(r.deck.cards):>4} cards  {r.deck.title}")
        else:
            print(f"  {r.path.name}: {len(r.errors)} error(s); run `studydeck validate`")
    return 0
