"""`studydeck stats [DECK…] [--json]`: progress per deck, without starting the app.

Only the cache of checked decks, the store and study.stats are imported: no Textual, so it
starts fast and runs on servers, and no deck models (pydantic) while every deck file is as it
was when last checked (a test checks `sys.modules`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studydeck.visible import visible

if TYPE_CHECKING:
    from studydeck.deck.cache import DeckOutline
    from studydeck.store import SavedFit
    from studydeck.study.stats import DeckStats


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Show, per deck: cards, new items, items due now, answers given and "
        "retention (share of review answers right in the last 30 days), and which scheduler "
        "parameters are in use (the defaults, or fitted to you). With no DECK, the "
        "bundled decks. Exit 0 when shown, 1 when a deck or the progress file cannot be read, "
        "2 on a usage error. Deck files unchanged since they were last checked are not "
        "checked again (see `studydeck validate --help`).",
    )
    p.add_argument(
        "decks", nargs="*", metavar="DECK", help="deck file, folder of decks, or bundled deck id"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="check every deck file afresh: neither reuse nor remember outcomes",
    )


def find_decks(names: list[str], use_cache: bool = True) -> tuple[list[DeckOutline], int]:
    """Check the decks named (all bundled ones if none); return them and an exit status."""
    from studydeck.deck.cache import check_file
    from studydeck.deck.loader import find_deck_files
    from studydeck.locations import bundled_decks_dir

    status = 0
    bundled: dict[str, DeckOutline] | None = None
    decks: list[DeckOutline] = []
    for name in names or [str(bundled_decks_dir())]:
        path = Path(name)
        if path.exists():
            for f in find_deck_files([path]):
                result = check_file(f, use_cache=use_cache)
                if result.deck is None:
                    for problem in result.errors:
                        print(problem, file=sys.stderr)
                    status = max(status, 1)
                else:
                    decks.append(result.deck)
            continue
        if bundled is None:
            files = find_deck_files([bundled_decks_dir()])
            results = [check_file(f, use_cache=use_cache) for f in files]
            bundled = {r.deck.id: r.deck for r in results if r.deck}
        if name in bundled:
            decks.append(bundled[name])
        else:
            print(
                f"studydeck stats: {name}: no such deck file or folder, nor a bundled deck id",
                file=sys.stderr,
            )
            status = 2
    return decks, status


def _table(stats: list[DeckStats], total: int) -> str:
    head = ("DECK", "TITLE", "CARDS", "NEW", "DUE", "REVIEWS", "RETENTION")
    rows = [
        (
            s.id,
            s.title if len(s.title) <= 40 else s.title[:39] + "…",
            str(s.cards),
            str(s.new),
            str(s.due_now),
            str(s.reviews),
            "-" if s.retention is None else f"{s.retention:.0%}",
        )
        for s in stats
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for r in [head, *rows]:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"{total} review(s) in all")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from studydeck.locations import progress_path
    from studydeck.store import ProgressFileError, memory_store, open_store
    from studydeck.study.stats import deck_stats

    decks, status = find_decks(args.decks, not getattr(args, "no_cache", False))
    if status == 2:
        return 2
    now = datetime.now(UTC)
    path = progress_path(getattr(args, "data_dir", None))
    try:
        # no progress file yet: report zeros rather than create one just to read it
        store = open_store(path, now, only_reading=True) if path.exists() else memory_store(path)
    except ProgressFileError as exc:
        print(visible(f"studydeck stats: {exc}"), file=sys.stderr)
        return 1
    try:
        stats = deck_stats(store, decks, now)
        fitted = next((f for f in reversed(store.fits()) if f.accepted), None)
    except ProgressFileError as exc:
        print(visible(f"studydeck stats: {exc}"), file=sys.stderr)
        return 1
    finally:
        store.close()
    total = sum(s.reviews for s in stats)
    if args.json:
        report = {
            "reviews": total,
            "decks": [s.to_json() for s in stats],
            "scheduler": _scheduler_json(fitted),
        }
        print(visible(json.dumps(report, indent=2, ensure_ascii=False), lines=True))
    else:
        print(visible(_table(stats, total), lines=True))
        print(_scheduler_line(fitted))
    return status


def _scheduler_json(fitted: SavedFit | None) -> dict[str, Any]:
    """Which FSRS parameters the scheduler uses (`studydeck optimize` fits them)."""
    if fitted is None:
        return {"parameters": "default"}
    return {
        "parameters": "fitted",
        "fitted_at": fitted.fitted_at.isoformat(),
        "reviews": fitted.reviews,
        "values": list(fitted.parameters),
    }


def _scheduler_line(fitted: SavedFit | None) -> str:
    if fitted is None:
        return "Scheduler: FSRS default parameters (`studydeck optimize` fits them to you)"
    day = fitted.fitted_at.astimezone().date().isoformat()
    return f"Scheduler: parameters fitted to your answers on {day} ({fitted.reviews:,} reviews)"
