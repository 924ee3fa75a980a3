"""The learner's own choices kept in the progress file beside the log: leeches suspended or kept,
and exam plans (schema step 7). Plain rows; the study layer decides what they mean."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from studydeck.store.keys import ItemKey
from studydeck.store.times import from_text, to_text


class LeechChoice(NamedTuple):
    """What the learner chose for a leech: suspend it, or keep studying it."""

    suspended: bool
    lapses: int  # the item's lapses when the learner chose
    chosen_at: datetime


class ExamPlan(NamedTuple):
    """An exam on `exam_day` (a study day) for a deck, with `minutes` a day to study for it."""

    deck_id: str
    exam_day: date
    minutes: int
    planned_at: datetime


def leech_choices(conn: sqlite3.Connection, deck_ids: Iterable[str]) -> dict[ItemKey, LeechChoice]:
    ids = list(dict.fromkeys(deck_ids))
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT deck_id, card_id, part, suspended, lapses, chosen_at FROM leeches"
        f" WHERE deck_id IN ({','.join('?' * len(ids))})",
        ids,
    )
    return {
        ItemKey(r[0], r[1], r[2]): LeechChoice(bool(r[3]), int(r[4]), from_text(r[5])) for r in rows
    }


def choose_leech(
    conn: sqlite3.Connection, key: ItemKey, *, suspended: bool, lapses: int, now: datetime
) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO leeches (deck_id, card_id, part, suspended, lapses, chosen_at)"
        " VALUES (?,?,?,?,?,?)",
        (*key, int(suspended), lapses, to_text(now)),
    )


def exam_plans(conn: sqlite3.Connection) -> list[ExamPlan]:
    rows = conn.execute(
        "SELECT deck_id, exam_day, minutes, planned_at FROM exam_plans ORDER BY deck_id"
    )
    return [ExamPlan(r[0], date.fromisoformat(r[1]), int(r[2]), from_text(r[3])) for r in rows]


def save_exam_plan(conn: sqlite3.Connection, plan: ExamPlan) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO exam_plans (deck_id, exam_day, minutes, planned_at)"
        " VALUES (?,?,?,?)",
        (plan.deck_id, plan.exam_day.isoformat(), plan.minutes, to_text(plan.planned_at)),
    )


def remove_exam_plan(conn: sqlite3.Connection, deck_id: str) -> int:
    return conn.execute("DELETE FROM exam_plans WHERE deck_id = ?", (deck_id,)).rowcount
