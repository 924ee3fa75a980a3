"""`studydeck validate PATH…`: check deck files and report every problem."""

from __future__ import annotations

import argparse
import json
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
        description="Check deck files (or folders of *.yaml / *.yml, recursively). "
        "Exit 0 when every deck is valid (warnings allowed, unless --strict), 1 when any has "
        "an error, 2 on a usage error. The outcome of a file whose bytes have not changed since "
        "it was last checked (by the same studydeck, with the same --max-bytes) is reused from the "
        "cache folder ($STUDYDECK_CACHE_DIR, or the user cache folder); --no-cache checks "
        "every file afresh.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="deck files or folders")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"largest deck file accepted (default {DEFAULT_MAX_BYTES:,})",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) on warnings too: leaks, item writing, missing sources; for CI",
    )
    p.add_argument(
        "--watch", action="store_true", help="re-validate on every save until Ctrl-C (exit 0)"
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file afresh: neither reuse nor remember outcomes",
    )


def run(args: argparse.Namespace) -> int:
    if getattr(args, "watch", False):
        from studydeck.instructor.watch import watch

        once = argparse.Namespace(**{**vars(args), "watch": False})
        return watch(args.paths, lambda: run(once))
    from studydeck.deck.cache import check_file
    from studydeck.deck.loader import find_deck_files

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for p in missing:
            print(f"studydeck validate: {p}: no such file or folder", file=sys.stderr)
        return 2
    files = find_deck_files(args.paths)
    if not files:
        print("studydeck validate: no *.yaml or *.yml files found", file=sys.stderr)
        return 2
    use_cache = not getattr(args, "no_cache", False)
    results = [check_file(f, args.max_bytes, use_cache=use_cache) for f in files]
    valid_files = [r.path for r in results if r.deck is not None]
    if len(valid_files) > 1:  # leaks and ids shared between decks
        from studydeck.deck.across import check_across

        between = check_across(valid_files, args.max_bytes, use_cache=use_cache)
        for r in results:
            r.problems.extend(p for p in between if p.file == str(r.path))
            r.problems.sort(key=lambda p: (p.line, p.col))
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.warnings) for r in results)
    if args.format == "json":
        report: dict[str, Any] = {
            "valid": errors == 0,
            "files": [
                {
                    "file": str(r.path),
                    "deck": r.deck.id if r.deck else None,
                    "cards": len(r.deck.cards) if r.deck else None,
                    "problems": [p.to_json() for p in r.problems],
                }
                for r in results
            ],
            "errors": errors,
            "warnings": warnings,
        }
        print(visible(json.dumps(report, indent=2, ensure_ascii=False), lines=True))
    else:
        for r in results:
            for p in r.problems:
                print(p)
        valid = sum(1 for r in results if r.deck is not None)
        cards = sum(len(r.deck.cards) for r in results if r.deck)
        summary = (
            f"{plural(len(files), 'file')}: {valid} valid ({plural(cards, 'card')}), "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
        print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors or (warnings and getattr(args, "strict", False)) else 0
