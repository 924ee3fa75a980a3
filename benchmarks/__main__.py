"""`python -m benchmarks` (`make bench`): run the suite, print a table, write bench-results.json.

python -m benchmarks                 # full sizes (a few minutes)
python -m benchmarks --quick         # tiny sizes, to check that everything still runs
python -m benchmarks --only scale    # one benchmark (repeatable)
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Result, machine
from benchmarks.report import render

# name → (module, full-size settings, --quick settings). Order: cheapest feedback first.
SUITE: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "deck_loading": (
        "benchmarks.deck_loading",
        {},
        {"cards": 400, "big_cards": 2_000, "repeat": 3, "cli_repeat": 3},
    ),
    "scheduling": ("benchmarks.scheduling", {}, {"cards": 40, "days": 30}),
    "exam_planning": ("benchmarks.exam_planning", {}, {"learners": 1, "budgets": (4,)}),
    "answer_latency": ("benchmarks.answer_latency", {}, {"answers": 30, "cards": 200}),
    "next_card": ("benchmarks.next_card", {}, {"answers": 20, "cards": 100}),
    "scale": (
        "benchmarks.scale",
        {},
        {"sizes": (1_000, 4_000), "decks": 4, "reviews_per_card": 3, "repeat": 3},
    ),
    "startup": ("benchmarks.startup", {}, {"repeat": 3, "reviews": 300}),
    "hub_load": (
        "benchmarks.hub_load",
        {},
        {"learners": 8, "answers": 20, "cards": 12, "repeat": 2, "small": 4},
    ),
    "first_card": ("benchmarks.first_card", {}, {"repeat": 2, "reviews": 300}),
    "hostile_sizes": ("benchmarks.hostile_sizes", {}, {"size": 100_000}),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke run)")
    parser.add_argument("--only", action="append", choices=list(SUITE), help="run only these")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench-results.json", help="where to write JSON"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-folders-") as folders:
        _own_folders(Path(folders))
        return _run(args)


def _own_folders(folder: Path) -> None:
    """Progress, deck-check cache and config folders of the run's own, for every benchmark and
    the Pythons they start (one that sets its own keeps it): a run never reads or writes the
    user's folders. The app's home-screen start-up wrote its deck checks into ~/.cache."""
    for name in ("DATA", "CACHE", "CONFIG"):
        os.environ[f"STUDYDECK_{name}_DIR"] = str(folder / name.lower())


def _run(args: argparse.Namespace) -> int:
    names = args.only or list(SUITE)
    results: list[Result] = []
    failures: dict[str, str] = {}
    started = time.perf_counter()
    for name in names:
        module_name, full, quick = SUITE[name]
        settings = quick if args.quick else full
        print(f"… {name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(module_name)
            result: Result = module.run(**settings)
        except Exception:  # one broken benchmark must not hide the others' figures
            failures[name] = traceback.format_exc()
            print(failures[name], file=sys.stderr)
            continue
        result.settings["benchmark_seconds"] = round(time.perf_counter() - t0, 1)
        results.append(result)
    info = machine()
    info["quick"] = args.quick
    info["suite_seconds"] = round(time.perf_counter() - started, 1)
    print(render(results, info, failures))
    payload = {
        "machine": info,
        "results": [r.to_json() for r in results],
        "failures": failures,
    }
    args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
