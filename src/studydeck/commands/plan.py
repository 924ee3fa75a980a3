"""`studydeck plan DECK… --exam YYYY-MM-DD [--minutes N]`: study those decks toward an exam.

Stores the exam's day and a daily time budget for the decks (study/exam.py and study/plan.py
then choose each day's items), and prints what the plan expects. `--remove` drops the plan; with
neither, the plans in use are shown.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studydeck.study.words import plural

if TYPE_CHECKING:
    from studydeck.deck.models import Deck
    from studydeck.study.exam import ExamStatus

DEFAULT_MINUTES = 20


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Plan for an exam: until the exam day, each day's study of these decks is "
        "chosen to have as many questions as possible recalled on the exam day, within the minutes "
        "you can give each day, and new cards are introduced early enough to be reviewed "
        "several times. After the exam the decks go back to ordinary scheduling. With no "
        "--exam, shows the plans in use. Exit 0 when done, 1 when a deck or the progress file "
        "cannot be read, 2 on a usage error.",
    )
    p.add_argument(
        "decks", nargs="*", metavar="DECK", help="deck file, folder of decks, or bundled deck id"
    )
    p.add_argument("--exam", metavar="YYYY-MM-DD", help="the exam's date (a study day)")
    p.add_argument(
        "--minutes",
        type=int,
        default=DEFAULT_MINUTES,
        help=f"minutes a day you can study these decks (default {DEFAULT_MINUTES})",
    )
    p.add_argument("--remove", action="store_true", help="drop these decks' exam plan")


def load_named_decks(names: list[str]) -> tuple[list[Deck], int]:
    """The decks named (files, folders or bundled ids; all bundled ones if none)."""
    from studydeck.deck.loader import find_deck_files, load_deck, load_decks
    from studydeck.locations import bundled_decks_dir

    results = []
    bundled = None
    for name in names or [str(bundled_decks_dir())]:
        path = Path(name)
        if path.exists():
            results += [load_deck(f) for f in find_deck_files([path])]
            continue
        if bundled is None:
            bundled = {r.deck.id: r for r in load_decks([bundled_decks_dir()]) if r.deck}
        if name not in bundled:
            print(
                f"studydeck plan: {name}: no such file or folder, nor a bundled deck",
                file=sys.stderr,
            )
            return [], 2
        results.append(bundled[name])
    status = 0
    for r in results:
        if r.deck is None:
            for problem in r.errors:
                print(problem, file=sys.stderr)
            status = 1
    return [r.deck for r in results if r.deck is not None], status


def run(args: argparse.Namespace) -> int:
    from studydeck.locations import progress_path
    from studydeck.store import ExamPlan, ProgressFileError, open_store
    from studydeck.study.days import Days
    from studydeck.study.exam import exam_status

    exam: date | None = None
    if args.exam is not None:
        try:
            exam = date.fromisoformat(args.exam)
        except ValueError:
            print(f"studydeck plan: --exam {args.exam}: not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    if not 1 <= args.minutes <= 24 * 60:
        print("studydeck plan: --minutes must be from 1 to 1440", file=sys.stderr)
        return 2
    decks, status = load_named_decks(args.decks)
    if status:
        return status
    now = datetime.now(UTC)
    days = Days()
    if exam is not None and exam < days.day_of(now):
        print(f"studydeck plan: the exam day {exam} has passed", file=sys.stderr)
        return 2
    try:
        store = open_store(progress_path(getattr(args, "data_dir", None)), now)
    except ProgressFileError as exc:
        print(f"studydeck plan: {exc}", file=sys.stderr)
        return 1
    try:
        if args.remove:
            removed = store.remove_exam_plan(d.id for d in decks)
            print(f"Exam plan removed from {removed} deck{'s' * (removed != 1)}.")
            return 0
        if exam is not None:
            store.save_exam_plan(ExamPlan(d.id, exam, args.minutes, now) for d in decks)
        statuses = exam_status(store, decks, now, days)
    except ProgressFileError as exc:
        print(f"studydeck plan: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    if not statuses:
        print("No exam planned for these decks (`studydeck plan DECK --exam YYYY-MM-DD`).")
    for status_ in statuses:
        print(describe(status_))
    return 0


def status_json(status: ExamStatus) -> dict[str, Any]:
    return {
        "decks": list(status.deck_ids),
        "exam_day": status.exam_day.isoformat(),
        "days_left": status.days_left,
        "minutes_a_day": status.minutes,
        "minutes_today": round(status.minutes_today, 1),
        "predicted_recalled": round(status.forecast.recalled, 4),
        "items": status.forecast.items,
        "new_per_day": status.new.today,
        "unseen": status.new.unseen,
        "budget_too_small": status.new.budget_too_small,
    }


def describe(status: ExamStatus) -> str:
    """A plan in a few lines, as `plan` and `stats` print it."""
    days = status.days_left
    when = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
    new = status.new
    lines = [
        f"Exam on {status.exam_day.isoformat()} ({when}) for {', '.join(status.deck_ids)}:"
        f" {status.minutes} min a day.",
        f"  Predicted recalled on the exam day if you keep to the plan:"
        f" {status.forecast.recalled:.0%} of {plural(status.forecast.items, 'question')}.",
        f"  Today: {status.minutes_today:.0f} of {status.minutes} min studied;"
        + (
            f" up to {plural(new.today, 'new question')} a day for now, {new.unseen} not seen yet."
            if new.unseen
            else " every question seen."
        ),
    ]
    if new.budget_too_small:
        lines.append(
            f"  The budget is too small to see every question before the exam: about"
            f" {new.affordable} of the {new.unseen} unseen can be learned well;"
            " more minutes a day would let the plan introduce them all."
        )
    return "\n".join(lines)
