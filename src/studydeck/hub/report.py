"""`studydeck report --hub`: the class report, live, from the hub's rows.

The report from files aggregates one progress export per learner. Here the same exports are built
from the hub (one per progress file that has synced) by the very function `progress export` uses
(`instructor.progress.summarize`), against the published decks, and handed to the same
`build_report`: the figures cannot drift apart, and a new figure of the report works on both.

PostgreSQL does the heavy lifting of the rows: it drops undone answers, orders every learner's
answers and states, and streams them through a server-side cursor grouped by progress file, so
memory holds one learner's rows at a time, whatever the size of the class.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from studydeck.deck.loader import check_bytes
from studydeck.deck.models import Deck
from studydeck.hub.connect import Connection
from studydeck.hub.schema import require_version
from studydeck.instructor.progress import LogRow, summarize
from studydeck.instructor.report import ClassReport, build_report
from studydeck.store import ItemKey, ItemState


def published_decks(conn: Connection) -> tuple[list[Deck], list[str]]:
    """The newest version of each published deck, and a line per one that no longer loads."""
    decks: list[Deck] = []
    problems: list[str] = []
    rows = conn.execute(
        "SELECT DISTINCT ON (deck_id) deck_id, content FROM studydeck.decks"
        " ORDER BY deck_id, published_at DESC"
    ).fetchall()
    for deck_id, content in rows:
        result = check_bytes(Path(f"hub:{deck_id}"), str(content).encode("utf-8"))
        if result.deck is None:
            problems.append(f"published deck {deck_id} does not load with this studydeck")
        else:
            decks.append(result.deck)
    return decks, problems


_FileKey = tuple[str, str]  # (learner role, progress file id)


def _answers(conn: Connection) -> Iterator[tuple[_FileKey, LogRow]]:
    with conn.cursor(name="studydeck_report_answers") as cur:
        cur.itersize = 5000
        cur.execute(
            "SELECT learner_role, learner_id, deck_id, card_id, part, card_type, content_hash,"
            " reviewed_at, answer, correct FROM studydeck.answers WHERE NOT undone"
            ' ORDER BY learner_role, learner_id COLLATE "C", local_id, reviewed_at'
        )
        for r in cur:
            yield (
                (str(r[0]), str(r[1])),
                LogRow(
                    str(r[2]),
                    str(r[3]),
                    str(r[4]),
                    str(r[5]),
                    str(r[6]),
                    r[7],  # type: ignore[arg-type]  # timestamptz: an aware datetime
                    r[8],
                    bool(r[9]),
                ),
            )


def _states(conn: Connection) -> Iterator[tuple[_FileKey, tuple[ItemKey, ItemState]]]:
    with conn.cursor(name="studydeck_report_states") as cur:
        cur.itersize = 5000
        cur.execute(
            "SELECT learner_role, learner_id, deck_id, card_id, part, state, step, stability,"
            " difficulty, due, last_review, reps, lapses FROM studydeck.states"
            ' ORDER BY learner_role, learner_id COLLATE "C"'
        )
        for r in cur:
            key = ItemKey(str(r[2]), str(r[3]), str(r[4]))
            yield (str(r[0]), str(r[1])), (key, ItemState(*r[5:]))  # type: ignore[arg-type]


def _renames(pushed: object) -> dict[tuple[str, str], str]:
    """(deck, old card id) → new card id, from the [[deck, old, new], …] a sync pushed."""
    out: dict[tuple[str, str], str] = {}
    for item in pushed if isinstance(pushed, list) else []:
        if isinstance(item, list) and len(item) == 3:
            out[(str(item[0]), str(item[1]))] = str(item[2])
    return out


def hub_exports(conn: Connection, decks: list[Deck], now: datetime) -> list[tuple[str, Any]]:
    """One export per progress file that has synced, as `progress export` would write it."""
    files = conn.execute(
        "SELECT f.learner_role, f.learner_id, f.parameters, f.renames, l.name"
        " FROM studydeck.progress_files f LEFT JOIN studydeck.learners l ON l.role = f.learner_role"
        ' ORDER BY f.learner_role, f.learner_id COLLATE "C"'
    ).fetchall()
    # the states of every file are few (one row per item studied); the answers are streamed
    states: dict[_FileKey, dict[ItemKey, ItemState]] = {}
    for key, (item, state) in _states(conn):
        states.setdefault(key, {})[item] = state
    answers = itertools.groupby(_answers(conn), key=lambda pair: pair[0])
    pending = next(answers, None)
    exports: list[tuple[str, Any]] = []
    for role, learner_id, parameters, renames, name in files:
        key = (str(role), str(learner_id))
        rows: list[LogRow] = []
        # both in (role, file id) order, bytewise as Python compares (`name` and COLLATE "C"):
        # answers of a file without a progress row (pushed, then removed) are skipped
        while pending is not None and pending[0] < key:
            pending = next(answers, None)
        if pending is not None and pending[0] == key:
            rows = [row for _, row in pending[1]]
            pending = next(answers, None)
        export = summarize(
            rows,
            states.get(key, {}),
            _renames(renames),
            tuple(float(p) for p in parameters) if isinstance(parameters, list) else None,
            decks,
            now,
            learner={"id": learner_id, "name": name or role, "host": "class hub"},
        )
        exports.append((f"hub:{name or role}:{str(learner_id)[:8]}", export))
    return exports


def report_from_hub(conn: Connection, now: datetime) -> tuple[ClassReport, list[str]]:
    """The class report over every synced progress file, and lines about what was left out."""
    require_version(conn)
    with conn.transaction():  # the cursors need one; repeatable read: one snapshot for all
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        decks, problems = published_decks(conn)
        exports = hub_exports(conn, decks, now)
    return build_report(exports), problems
