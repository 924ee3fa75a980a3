"""Fitting the scheduler to the learner's progress file: `studydeck optimize`, and the app's
automatic fit, which runs this module in a child process (`python -m studydeck.study.refit`) so
that the app never waits for it: fsrs-rs holds Python's GIL while it trains (seconds for a long
log), which would freeze the app in a thread.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import fsrs_rs_python as F

from studydeck.store import ProgressFileError, SavedFit, Store, open_store
from studydeck.study.days import Days
from studydeck.study.optimizer import Answer, Fit, fit_items, refit_due, training_items


def log_items(store: Store, days: Days) -> list[F.FSRSItem]:
    """The training items of the progress file's kept answers (undone ones left out)."""
    return training_items(store.kept_answers(Answer), days)


def fit_progress(store: Store, items: Sequence[F.FSRSItem]) -> Fit:
    """Fit to `items` (from `log_items`), against the parameters in use now."""
    return fit_items(items, store.parameters_in_use())


def save(store: Store, result: Fit, now: datetime) -> None:
    """Keep the fit, accepted or not (a rejected one still dates the next automatic fit)."""
    if result.current is None or result.fitted is None:
        raise ValueError("only a fit that was evaluated can be saved")
    with store.writing():
        store.save_fit(
            SavedFit(
                fitted_at=now,
                reviews=result.reviews,
                parameters=result.fitted_parameters,
                accepted=result.better,
                log_loss_before=result.current.log_loss,
                rmse_before=result.current.rmse,
                log_loss_after=result.fitted.log_loss,
                rmse_after=result.fitted.rmse,
            )
        )


def last_fitted_on(store: Store) -> int | None:
    """The long-term reviews of the latest fit, accepted or not (None: never fitted)."""
    fits = store.fits()
    return fits[-1].reviews if fits else None


def automatic_fit_due(store: Store) -> bool:
    """Whether the app should fit in the background now: `refit_due` on a count that costs no
    read of the log (`Store.long_term_answers`, never more than the exact count, so when it says
    due, the exact count does too)."""
    return refit_due(store.long_term_answers(), last_fitted_on(store))


def automatic_fit(path: Path, now: datetime, days: Days) -> Fit | None:
    """Fit and save if `refit_due` says so on the exact count; the fit, or None if not due."""
    started = time.monotonic()
    with open_store(path, now) as store:
        items = log_items(store, days)
        if not refit_due(len(items), last_fitted_on(store)):
            return None
        result = fit_progress(store, items)
        if result.current is None:
            return None
        # dated when saved: the app shows items from then on with the new parameters
        save(store, result, now + timedelta(seconds=time.monotonic() - started))
        return result


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m studydeck.study.refit PATH NOW [DAY_STARTS_AT]`: the app's background fit.
    Prints one JSON line: {"fitted": false} or the fit's figures."""
    args = list(sys.argv[1:] if argv is None else argv)
    path, now = Path(args[0]), datetime.fromisoformat(args[1])
    days = Days(int(args[2])) if len(args) > 2 else Days()
    try:
        result = automatic_fit(path, now, days)
    except ProgressFileError as exc:
        print(f"studydeck: {exc}", file=sys.stderr)
        return 1
    if result is None or result.current is None or result.fitted is None:
        print(json.dumps({"fitted": False}))
        return 0
    report = {
        "fitted": True,
        "better": result.better,
        "reviews": result.reviews,
        "log_loss": [result.current.log_loss, result.fitted.log_loss],
        "rmse": [result.current.rmse, result.fitted.rmse],
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
