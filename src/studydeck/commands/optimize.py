"""`studydeck optimize [--dry-run]`: fit the scheduler's FSRS parameters to your own answers.

No Textual and no pydantic: the store, the study-day rule and the optimizer only.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from typing import Any

from studydeck.study.words import plural


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Fit the scheduler's memory model (the 21 FSRS parameters) to the answers "
        "in your progress file, as Anki's FSRS optimizer does, so that the recall you are "
        "scheduled for is the recall you get. The fit is kept only if it predicts your answers "
        "better than the parameters in use (lower log loss); cards keep their schedule until "
        "their next answer. It needs a few hundred long-term reviews (answers on a later day "
        "than the card's previous one) and says how many more when there are too few. The app "
        "also fits by itself, in the background, when enough new reviews have come in. "
        "Exit 0 when done (fitted or not), 1 when the progress file cannot be used.",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="fit and show the result, but save nothing"
    )


def run(args: argparse.Namespace) -> int:
    from studydeck.locations import progress_path
    from studydeck.store import ProgressFileError, open_store
    from studydeck.study.days import Days
    from studydeck.study.optimizer import MIN_REVIEWS, reviews_needed
    from studydeck.study.refit import fit_progress, log_items, save

    path = progress_path(getattr(args, "data_dir", None))
    if not path.is_file():
        print(
            f"studydeck optimize: no progress file at {path} yet: study a deck first "
            "(or point --data-dir at the folder that has it)",
            file=sys.stderr,
        )
        return 1
    started = time.monotonic()
    try:
        with open_store(path, datetime.now(UTC)) as store:
            items = log_items(store, Days())
            if reviews_needed(len(items)):
                kept = "its fitted parameters" if store.parameters_in_use() else "the defaults"
                print(
                    f"{plural(len(items), 'long-term review')} so far: "
                    f"fitting needs {MIN_REVIEWS:,}, "
                    f"so {reviews_needed(len(items)):,} more.\n"
                    "(A long-term review is an answer on a later day than the card's previous "
                    f"one.)\nThe scheduler keeps {kept}."
                )
                return 0
            result = fit_progress(store, items)
            if result.current is None or result.fitted is None:
                print("Too few reviews left to fit after FSRS's own filters; nothing changed.")
                return 0
            seconds = time.monotonic() - started
            before, after = result.current, result.fitted
            print(f"Fitted on {result.reviews:,} long-term reviews in {seconds:.1f} s.")
            print(f"  log loss {before.log_loss:.4f} → {after.log_loss:.4f}")
            print(f"  RMSE     {before.rmse:.4f} → {after.rmse:.4f}")
            if args.dry_run:
                verdict = "better" if result.better else "no better"
                print(f"Dry run: the fit predicts your answers {verdict}; nothing was saved.")
                return 0
            save(store, result, datetime.now(UTC))
    except ProgressFileError as exc:
        print(f"studydeck optimize: {exc}", file=sys.stderr)
        return 1
    if result.better:
        print("Saved: the scheduler uses these parameters from each card's next answer on.")
    else:
        print("Kept the current parameters: the fitted ones predict your answers no better.")
    return 0
