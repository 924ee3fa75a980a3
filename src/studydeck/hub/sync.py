"""`studydeck sync`: pull the class's published decks, push the learner's new answers.

The progress file stays the learner's source of truth; the hub gets a copy. Each answer's id in
the hub is (learner's role, progress file's random id, the answer's row id in the file, when it
was answered: the time tells apart two answers under one row id in a file put back from a
backup), so a push that is repeated, or that follows one killed half-way, adds nothing twice:
the insert skips ids the hub has. One push is one transaction, so the hub holds either all of a
push or none of it, and the next push starts from what the hub has (see `_lacking`). Answers
undone after they were pushed are marked undone in the hub by the next push. The learner's
scheduling states and fitted parameters go too, for the recall figures of the report.

What happened last is kept in `<data folder>/hub-sync.json`, for the home screen.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from studydeck.files import atomic_write
from studydeck.hub.connect import Connection, HubConnectionError, connect
from studydeck.hub.joined import JoinError, read_config
from studydeck.hub.schema import HubSchemaError, require_version
from studydeck.hub.status import hub_decks_dir, note
from studydeck.store import ItemKey, ItemState, LoggedReview, Store

SAFE_DECK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class SyncError(Exception):
    """A sync did not finish; nothing local was lost, and the next sync finishes the job."""


@dataclass
class Pushed:
    answers: int = 0  # new answers the hub did not have
    undone: int = 0  # answers newly marked undone in the hub
    states: int = 0


@dataclass
class Pulled:
    updated: list[str] = field(default_factory=list)  # deck ids written (new or changed)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # ids that cannot be file names


@dataclass
class SyncResult:
    pushed: Pushed
    pulled: Pulled


def _answer(review: LoggedReview) -> Jsonb | None:
    if review.answer is None:
        return None
    try:
        return Jsonb(json.loads(review.answer))
    except ValueError:
        return Jsonb(review.answer)  # not JSON: kept as the text it is


def states_digest(states: dict[ItemKey, ItemState]) -> str:
    """A fingerprint of the scheduling states: a sync with none changed does not resend them."""
    return hashlib.sha256(repr(sorted(states.items())).encode()).hexdigest()


_Answer = tuple[int, datetime]  # (row id in the progress file, when it was answered)


def _key(row: tuple[object, ...]) -> _Answer:
    local_id, reviewed_at = row[0], row[1]
    assert isinstance(local_id, int) and isinstance(reviewed_at, datetime)
    return local_id, reviewed_at


def _lacking(
    conn: Connection, learner_id: str, reviews: list[LoggedReview]
) -> tuple[list[LoggedReview], list[LoggedReview]]:
    """(answers the hub lacks, answers undone here and not yet there).

    Pushes are whole and in row order, so the hub normally holds exactly this file's answers up
    to its highest row id: one probe row confirms it, and only later rows go. A progress file put
    back from a backup reuses row ids for new answers; the probe then finds another answer under
    that id, and the answers are compared one by one (the hub keeps the abandoned ones too: they
    were given)."""
    row = conn.execute(
        "SELECT coalesce(max(local_id), 0) FROM studydeck.answers"
        " WHERE learner_role = current_user AND learner_id = %s",
        (learner_id,),
    ).fetchone()
    hub_max = int(str(row[0])) if row else 0
    by_id = {r.id: r for r in reviews}
    probe_id = min(hub_max, max(by_id, default=0))
    probe = by_id.get(probe_id)
    same_history = probe_id == 0 or (
        probe is not None
        and conn.execute(
            "SELECT 1 FROM studydeck.answers WHERE learner_role = current_user"
            " AND learner_id = %s AND local_id = %s AND reviewed_at = %s",
            (learner_id, probe.id, probe.reviewed_at),
        ).fetchone()
        is not None
    )
    undone_there: set[_Answer] = {
        _key(r)
        for r in conn.execute(
            "SELECT local_id, reviewed_at FROM studydeck.answers WHERE learner_role ="
            " current_user AND learner_id = %s AND undone",
            (learner_id,),
        )
    }
    if same_history:
        new = [r for r in reviews if r.id > hub_max]
        held = [r for r in reviews if r.id <= hub_max]
    else:
        there = {
            _key(r)
            for r in conn.execute(
                "SELECT local_id, reviewed_at FROM studydeck.answers"
                " WHERE learner_role = current_user AND learner_id = %s",
                (learner_id,),
            )
        }
        new = [r for r in reviews if (r.id, r.reviewed_at) not in there]
        held = [r for r in reviews if (r.id, r.reviewed_at) in there]
    undone = [r for r in held if r.undone and (r.id, r.reviewed_at) not in undone_there]
    return new, undone


def push(conn: Connection, store: Store, now: datetime) -> Pushed:
    """Send what the hub lacks of this progress file, in one transaction."""
    learner_id = store.learner_id()
    reviews = store.reviews(include_undone=True)
    states = store.states()
    parameters = store.parameters_in_use(now)
    renames = store.renames()
    out = Pushed()
    with conn.transaction():
        # one push per progress file at a time (the app's and a `studydeck sync`, say)
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (learner_id,))
        new, undone = _lacking(conn, learner_id, reviews)
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO studydeck.answers (learner_id, local_id, deck_id, card_id, part,"
                " card_type, content_hash, shown_at, reviewed_at, correct, rating, elapsed,"
                " state_before, answer, undone)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",  # pushed meanwhile: it is the same answer
                [
                    (
                        learner_id,
                        r.id,
                        r.deck_id,
                        r.card_id,
                        r.part,
                        r.card_type,
                        r.content_hash,
                        r.shown_at,
                        r.reviewed_at,
                        r.correct,
                        r.rating,
                        r.elapsed,
                        r.state_before,
                        _answer(r),
                        r.undone,
                    )
                    for r in new
                ],
            )
        out.answers = len(new)
        if undone:
            marked = conn.execute(
                "UPDATE studydeck.answers SET undone = true"
                " FROM unnest(%s::bigint[], %s::timestamptz[]) AS u(local_id, reviewed_at)"
                " WHERE learner_role = current_user AND learner_id = %s"
                " AND answers.local_id = u.local_id AND answers.reviewed_at = u.reviewed_at"
                " AND NOT undone",
                ([r.id for r in undone], [r.reviewed_at for r in undone], learner_id),
            )
            out.undone = marked.rowcount
        digest = states_digest(states)
        pushed_digest = conn.execute(
            "SELECT states_digest FROM studydeck.progress_files"
            " WHERE learner_role = current_user AND learner_id = %s",
            (learner_id,),
        ).fetchone()
        if pushed_digest is None or pushed_digest[0] != digest:
            conn.execute(
                "DELETE FROM studydeck.states"
                " WHERE learner_role = current_user AND learner_id = %s",
                (learner_id,),
            )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO studydeck.states (learner_id, deck_id, card_id, part, state,"
                    " step, stability, difficulty, due, last_review, reps, lapses)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [(learner_id, *key, *state) for key, state in states.items()],
                )
            out.states = len(states)
        conn.execute(
            "INSERT INTO studydeck.progress_files (learner_id, parameters, renames, states_digest)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (learner_role, learner_id) DO UPDATE"
            " SET parameters = EXCLUDED.parameters, renames = EXCLUDED.renames,"
            " states_digest = EXCLUDED.states_digest, synced_at = now()",
            (
                learner_id,
                list(parameters) if parameters is not None else None,
                Jsonb([[deck, old, new] for (deck, old), new in sorted(renames.items())]),
                digest,
            ),
        )
    return out


def pull(conn: Connection, folder: Path) -> Pulled:
    """Write the newest published version of every deck into `folder` (changed files only)."""
    rows = conn.execute(
        "SELECT DISTINCT ON (deck_id) deck_id, version_hash, content FROM studydeck.decks"
        " ORDER BY deck_id, published_at DESC"
    ).fetchall()
    out = Pulled()
    folder.mkdir(parents=True, exist_ok=True)
    for deck_id, version_hash, content in rows:
        deck_id, content = str(deck_id), str(content)
        if not SAFE_DECK_ID.match(deck_id):
            out.skipped.append(deck_id)
            continue
        target = folder / f"{deck_id}.yaml"
        raw = content.encode("utf-8")
        try:
            same = hashlib.sha256(target.read_bytes()).hexdigest() == version_hash
        except FileNotFoundError:
            same = False
        if same:
            out.unchanged += 1
            continue
        with atomic_write(target) as tmp:  # the app never sees half a deck
            tmp.write_bytes(raw)
        out.updated.append(deck_id)
    return out


def sync_with(conn: Connection, store: Store, data_dir: Path, now: datetime) -> SyncResult:
    require_version(conn)
    pulled = pull(conn, hub_decks_dir(data_dir))
    pushed = push(conn, store, now)
    return SyncResult(pushed, pulled)


def sync(store: Store, data_dir: Path, now: datetime) -> SyncResult:
    """Sync with the joined hub, and note the outcome for the home screen."""
    try:
        joined = read_config()
        if joined is None:
            raise SyncError("not joined to a class hub: run the `studydeck hub join` line")
        conn = connect(joined.conninfo, password=joined.password, warn=lambda _text: None)
        try:
            result = sync_with(conn, store, data_dir, now)
        finally:
            conn.close()
    except (HubConnectionError, HubSchemaError, JoinError) as exc:
        note(data_dir, now, str(exc))
        raise SyncError(str(exc)) from None
    except psycopg.Error as exc:
        message = f"the hub stopped the sync: {str(exc).strip() or type(exc).__name__}"
        note(data_dir, now, message)
        raise SyncError(message) from None
    note(data_dir, now, None, updated=result.pulled.updated)
    return result
