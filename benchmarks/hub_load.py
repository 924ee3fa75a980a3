"""The class hub under load: many learners syncing at once to a local PostgreSQL, then the live
report beside the report from the same class's files.

A throwaway cluster (benchmarks/pg_cluster.py) gets a class hub (`hub init`), a published deck
of `cards` cards (multiple choice and flashcards) and `learners` learners, each with a progress
file of `answers` answers written through the store. Every learner then syncs at once (one
thread and one connection each, started together), and the hub's rows are counted against the
answers: none may be lost or duplicated, and a second round of syncs must add nothing. The
report is timed from the hub (`report_from_hub`) and from the learners' exported files
(`report_from_files`, the files written beforehand), interleaved; both at two class sizes, to
show what grows with what.
"""

from __future__ import annotations

import json
import random
import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from benchmarks.common import Figure, Result, Table, interleaved, median
from benchmarks.pg_cluster import Cluster, start_cluster
from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck, McqCard
from studydeck.hub.connect import connect
from studydeck.hub.joined import read_token
from studydeck.hub.learners import add_learner
from studydeck.hub.publish import publish
from studydeck.hub.report import report_from_hub
from studydeck.hub.schema import init_hub
from studydeck.hub.sync import sync_with
from studydeck.instructor.progress import export_progress
from studydeck.instructor.report import report_from_files
from studydeck.store import ItemKey, ItemState, Review, open_store

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def write_deck(folder: Path, cards: int) -> Deck:
    lines = ["studydeck: 1", "id: load-deck", 'title: "Load deck"', "cards:"]
    for i in range(cards):
        if i % 3 == 0:
            lines += [
                f"  - id: q{i}",
                "    type: mcq",
                f'    question: "Question {i}?"',
                "    options:",
                "      - {text: Right, correct: true}",
                "      - {text: Wrong one}",
                "      - {text: Wrong two}",
                f"    tags: [t{i % 5}]",
            ]
        else:
            lines += [
                f"  - id: c{i}",
                "    type: basic",
                f'    front: "Front {i}"',
                f'    back: "Back {i}"',
                f"    tags: [t{i % 5}]",
            ]
    path = folder / "load-deck.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_deck(path)
    assert result.deck is not None, [str(p) for p in result.problems]
    return result.deck


def write_progress(path: Path, deck: Deck, answers: int, seed: int) -> None:
    """`answers` answers over the deck's cards, a third of them wrong, in one transaction."""
    rng = random.Random(seed)
    store = open_store(path, T0)
    try:
        with store.writing():
            for n in range(answers):
                card = rng.choice(deck.cards)
                at = T0 + timedelta(minutes=n)
                correct = rng.random() > 0.33
                answer = None
                if isinstance(card, McqCard):
                    answer = json.dumps([0 if correct else rng.choice([1, 2])])
                state = ItemState(
                    "review", None, 3.0, 5.0, at + timedelta(days=3), at, 1, int(not correct)
                )
                store.insert_review(
                    Review(
                        deck_id=deck.id,
                        card_id=card.id,
                        part="",
                        card_type=card.type,
                        content_hash=card.content_hash(),
                        shown_at=at,
                        reviewed_at=at,
                        answer=answer,
                        correct=correct,
                        rating=3 if correct else 1,
                        proposed=None,
                        automatic=answer is not None,
                        elapsed=4.0,
                        state_before="review",
                        after=state,
                    )
                )
                store.put_state(ItemKey(deck.id, card.id, ""), state)
    finally:
        store.close()


def new_class(cluster: Cluster, name: str) -> tuple[str, str]:
    """A class database and its instructor: (connection string, password)."""
    password = secrets.token_urlsafe(16)
    teacher = f"{name}_teacher"
    with psycopg.connect(cluster.admin(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(teacher), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(teacher)
            )
        )
    return cluster.url(teacher, name), password


def sync_all(
    logins: list[tuple[str, str]], folders: list[Path], now: datetime
) -> tuple[float, list[str]]:
    """Every learner syncs at once (a thread and a connection each, released together)."""
    start = threading.Barrier(len(logins) + 1)
    errors: list[str] = []

    def one(login: tuple[str, str], folder: Path) -> None:
        store = open_store(folder / "progress.sqlite3", now)
        try:
            with connect(login[0], password=login[1]) as conn:
                start.wait()
                sync_with(conn, store, folder, now)
        except Exception as exc:  # counted, and the rows tell what it cost
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=len(logins)) as pool:
        futures = [pool.submit(one, login, f) for login, f in zip(logins, folders, strict=True)]
        start.wait()
        t0 = time.perf_counter()
        for future in futures:
            future.result()
        return time.perf_counter() - t0, errors


def hub_counts(url: str, password: str) -> tuple[int, int]:
    with connect(url, password=password) as conn:
        row = conn.execute(
            "SELECT count(*), count(DISTINCT (learner_role, learner_id, local_id))"
            " FROM studydeck.answers"
        ).fetchone()
    assert row is not None
    return int(str(row[0])), int(str(row[1]))


def run(
    learners: int = 200, answers: int = 100, cards: int = 100, repeat: int = 5, small: int = 50
) -> Result:
    result = Result(
        "hub_load",
        {"learners": learners, "answers": answers, "cards": cards, "repeat": repeat},
    )
    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory(prefix="studydeck-hub-load-") as tmp:
            root = Path(tmp)
            deck = write_deck(root, cards)
            folders = [root / f"learner{i}" for i in range(learners)]
            for i, folder in enumerate(folders):
                folder.mkdir()
                write_progress(folder / "progress.sqlite3", deck, answers, seed=i)
            now = T0 + timedelta(days=2)
            rows = []
            for size in sorted({min(small, learners), learners}):
                rows.append(
                    _one_class(cluster, root, deck, folders[:size], answers, now, repeat, result)
                )
            result.tables.append(
                Table(
                    "Class hub: what grows with what (same run, same machine)",
                    [
                        "learners",
                        "answers in hub",
                        "sync all at once",
                        "sync again (nothing new)",
                        "report --hub",
                        "report from files",
                        "making the files (all learners)",
                    ],
                    rows,
                )
            )
    finally:
        cluster.destroy()
    result.notes.append(
        "Sync sends what the hub lacks: its cost grows with the learner's new answers plus, when "
        "any changed, their scheduling states (replaced whole: one row per item studied); a sync "
        "with nothing new is a few round trips. All at once, the syncs share the server's two "
        "cores. The report grows with learners × cards of the published decks (each learner's "
        "export lists every card) plus the answers streamed."
    )
    return result


def _one_class(
    cluster: Cluster,
    root: Path,
    deck: Deck,
    folders: list[Path],
    answers: int,
    now: datetime,
    repeat: int,
    result: Result,
) -> list[Any]:
    size = len(folders)
    url, password = new_class(cluster, f"load{size}")
    logins: list[tuple[str, str]] = []
    with connect(url, password=password) as conn:
        init_hub(conn)
        publish(conn, [root / "load-deck.yaml"])
        for i in range(size):
            logins.append(read_token(add_learner(conn, f"l{i}").token))
    elapsed, errors = sync_all(logins, folders, now)
    total, distinct = hub_counts(url, password)
    again, errors_again = sync_all(logins, folders, now)
    total_again, _ = hub_counts(url, password)
    expected = size * answers
    lost = expected - distinct
    duplicated = total_again - distinct
    exports = []
    t0 = time.perf_counter()
    for i, folder in enumerate(folders):
        export = export_progress(folder / "progress.sqlite3", [deck], now)
        path = root / f"class{size}-{i}.json"
        path.write_text(json.dumps(export), encoding="utf-8")
        exports.append(path)
    exporting = time.perf_counter() - t0
    with connect(url, password=password) as conn:
        from_hub, from_files = interleaved(
            lambda: report_from_hub(conn, now), lambda: report_from_files(exports), repeat
        )
        learners_seen = report_from_hub(conn, now)[0].learners
    hub_s, files_s = median(from_hub), median(from_files)
    note = f"{expected:,} answered, {distinct:,} in the hub; {len(errors) + len(errors_again)}"
    note += " failed syncs" + (f" (first: {(errors + errors_again)[0]})" if errors else "")
    result.figures += [
        Figure(
            f"hub: {size} learners × {answers} answers syncing at once",
            elapsed * 1000,
            "ms",
            note=note + f"; a second round added {total_again - total} rows",
        ),
        Figure(f"hub: answers lost ({size} learners)", lost, "", target="0", met=lost == 0),
        Figure(
            f"hub: answers duplicated ({size} learners)",
            duplicated,
            "",
            target="0",
            met=duplicated == 0,
        ),
        Figure(
            f"`report --hub`, {size} learners × {len(deck.cards)} cards",
            hub_s * 1000,
            "ms",
            baseline=files_s * 1000,
            baseline_name="`report` on the same class as files",
            note=f"{learners_seen} learners in the report; median of {repeat}, interleaved; "
            "the hub builds each learner's export itself (what `progress export` does on each "
            f"learner's machine: {exporting * 1000:,.0f} ms for all of them here)",
        ),
    ]
    return [
        size,
        f"{distinct:,}",
        f"{elapsed * 1000:,.0f} ms",
        f"{again * 1000:,.0f} ms",
        f"{hub_s * 1000:,.0f} ms",
        f"{files_s * 1000:,.0f} ms",
        f"{exporting * 1000:,.0f} ms",
    ]
