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
    from studydeck.store import SavedFit, Store
    from studydeck.study.advisor import Advice
    from studydeck.study.exam import ExamStatus
    from studydeck.study.leeches import Suspended
    from studydeck.study.stats import DeckStats


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Show, per deck: cards; questions (a card, a reversed side or a cloze "
        "blank is each a question), by state (unseen, learning, review, relearning), which add "
        "up to the questions; questions due today (before the daily review limit: the home "
        "screen's Due now is how many of them a session asks now); answers given; and "
        "retention (share of review answers right in the last 30 days); and which scheduler "
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
        "--advise",
        action="store_true",
        help="simulate desired retention 0.70-0.97 with your parameters and answer times: "
        "answers and minutes a day, questions remembered, and the least time per question "
        "remembered",
    )
    p.add_argument(
        "--unsuspend",
        action="append",
        default=[],
        metavar="CARD",
        help="put a suspended leech back into study (a card id of the decks shown; may repeat)",
    )
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
    # QUESTIONS = UNSEEN + LEARNING + REVIEW + RELEARNING (a card, a reversed side, a cloze
    # blank is each a question); ANSWERS are answers given, all time
    head = (
        "DECK",
        "TITLE",
        "CARDS",
        "QUESTIONS",
        "UNSEEN",
        "LEARNING",
        "REVIEW",
        "RELEARNING",
        "DUE-TODAY",
        "ANSWERS",
        "RETENTION",
    )
    rows = []
    for s in stats:
        data = s.to_json()
        counts = ("cards", "questions", "not_seen", "learning", "review", "relearning", "due_today")
        rows.append(
            (
                s.id,
                s.title if len(s.title) <= 40 else s.title[:39] + "…",
                *(str(data[name]) for name in counts),
                str(s.reviews),
                "-" if s.retention is None else f"{s.retention:.0%}",
            )
        )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for r in [head, *rows]:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append(f"{total:,} {'answer' if total == 1 else 'answers'} in all")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from studydeck.commands.plan import describe, status_json
    from studydeck.locations import progress_path
    from studydeck.store import ProgressFileError, memory_store, open_store
    from studydeck.study.leeches import suspended_items
    from studydeck.study.stats import deck_stats

    decks, status = find_decks(args.decks, not getattr(args, "no_cache", False))
    if status == 2:
        return 2
    now = datetime.now(UTC)
    path = progress_path(getattr(args, "data_dir", None))
    try:
        # no progress file yet: report zeros rather than create one just to read it
        # reading only (a read-only file is fine), unless a suspended card is to be put back
        reading = not args.unsuspend
        store = open_store(path, now, only_reading=reading) if path.exists() else memory_store(path)
    except ProgressFileError as exc:
        print(visible(f"studydeck stats: {exc}"), file=sys.stderr)
        return 1
    try:
        status = max(status, _unsuspend(store, [d.id for d in decks], args.unsuspend, now))
        stats = deck_stats(store, decks, now)
        fitted = next((f for f in reversed(store.fits()) if f.accepted), None)
        suspended = suspended_items(store, [d.id for d in decks])
        exams = _exams(store, args.decks, [d.id for d in decks], now)
        advice = _advice(store, args.decks, now) if getattr(args, "advise", False) else None
    except ProgressFileError as exc:
        print(visible(f"studydeck stats: {exc}"), file=sys.stderr)
        return 1
    finally:
        store.close()
    total = sum(s.reviews for s in stats)
    if args.json:
        report = {
            "answers": total,
            "decks": [s.to_json() for s in stats],
            "scheduler": _scheduler_json(fitted),
            "suspended": [_suspended_json(item) for item in suspended],
            "exams": [status_json(e) for e in exams],
        }
        if advice is not None:
            report["advice"] = _advice_json(advice)
        print(visible(json.dumps(report, indent=2, ensure_ascii=False), lines=True))
    else:
        print(visible(_table(stats, total), lines=True))
        print(_scheduler_line(fitted))
        if suspended:
            print(_suspended_lines(suspended))
        for exam in exams:
            print(describe(exam))
        if advice is not None:
            print(_advice_text(advice))
    return status


def _exams(store: Store, names: list[str], deck_ids: list[str], now: datetime) -> list[ExamStatus]:
    """The exam plans in use for these decks. Only then are the decks loaded whole (the planner
    needs their cards' types and settings, which the cache of checked decks does not keep)."""
    from studydeck.study.days import Days

    today = Days().day_of(now)
    if not any(p.exam_day >= today and p.deck_id in deck_ids for p in store.exam_plans()):
        return []
    from studydeck.commands.plan import load_named_decks
    from studydeck.study.exam import exam_status

    decks, _ = load_named_decks(names)
    return exam_status(store, [d for d in decks if d.id in deck_ids], now, Days())


def _advice(store: Store, names: list[str], now: datetime) -> Advice:
    from studydeck.commands.plan import load_named_decks
    from studydeck.study.advisor import advise

    decks, _ = load_named_decks(names)  # whole: the simulation needs settings and card types
    return advise(store, decks, now)


def _advice_json(advice: Advice) -> dict[str, Any]:
    return {
        "items": advice.items,
        "seconds_per_answer": round(advice.seconds_per_answer, 2),
        "parameters": "fitted" if advice.fitted else "default",
        "ratings": "own" if advice.own_habits else "average",
        "days": advice.best.days if advice.options else 0,
        "best_retention": advice.best.retention if advice.options else None,
        "options": [
            {
                "retention": o.retention,
                "reviews_per_day": round(o.reviews_per_day, 2),
                "minutes_per_day": round(o.minutes_per_day, 2),
                "remembered": round(o.remembered, 1),
                "seconds_per_item": round(o.seconds_per_item, 1),
            }
            for o in advice.options
        ],
        "warnings": advice.warnings,
    }


def _advice_text(advice: Advice) -> str:
    from studydeck.study.advisor import chart

    lines = ["", "Desired retention: what it costs a day, and what it keeps"]
    lines += chart(advice)
    lines += [f"Warning: {w}" for w in advice.warnings]
    return "\n".join(lines)


def _unsuspend(store: Store, deck_ids: list[str], cards: list[str], now: datetime) -> int:
    """Unsuspend the suspended items of these cards; 1 when one of them was not suspended."""
    from studydeck.store.keys import ItemKey
    from studydeck.study.leeches import suspended_items, unsuspend

    status = 0
    for card in cards:
        keys = [
            ItemKey(s.deck_id, s.card_id, s.part)
            for s in suspended_items(store, deck_ids)
            if s.card_id == card
        ]
        if not keys:
            print(f"studydeck stats: {card}: no suspended card with this id", file=sys.stderr)
            status = 1
        for key in keys:
            unsuspend(store, key, now)
            print(f"{card}: back in study", file=sys.stderr)
    return status


def _suspended_json(item: Suspended) -> dict[str, Any]:
    return {
        "deck": item.deck_id,
        "card": item.card_id,
        "part": item.part,
        "lapses": item.lapses,
        "suspended_at": item.suspended_at.isoformat(),
    }


def _suspended_lines(items: list[Suspended]) -> str:
    lines = [f"Suspended leeches ({len(items)}; `--unsuspend CARD` puts one back):"]
    for item in items:
        part = f" ({item.part})" if item.part else ""
        day = item.suspended_at.astimezone().date().isoformat()
        lines.append(f"  {item.deck_id}  {item.card_id}{part}  {item.lapses} lapses, since {day}")
    return "\n".join(lines)


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
