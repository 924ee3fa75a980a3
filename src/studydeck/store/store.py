"""The progress file: one SQLite database with the review log and each item's current state.

Durability promise: `record` commits before it returns, so an answer the learner saw recorded
survives a crash, Ctrl-C or kill -9. In WAL mode, synchronous=NORMAL already survives a crash of
the process; only FULL (an fsync of the WAL at every commit) also survives a power cut or an OS
crash. Measured with scripts/measure_synchronous.py (1,000 one-answer transactions, ext4 on a
virtual disk, two runs):
    synchronous=NORMAL  0.07-0.09 ms per committed answer
    synchronous=FULL    0.18-0.19 ms per committed answer
A learner answers at most every second or so, so FULL's cost is invisible: we use FULL.
Writes take the lock up front (`BEGIN IMMEDIATE`) with a 5 s busy timeout, so two sessions on one
file queue up instead of failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import stat
from bisect import bisect_left, bisect_right, insort
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, ParamSpec, TypeVar

from studydeck.store.backups import backup_due, daily_backup
from studydeck.store.causes import bad_text, disk_full, open_error, other_schema, schema_error
from studydeck.store.damage import check_not_noted, damaged
from studydeck.store.errors import ProgressFileError
from studydeck.store.in_use import hold, replaced
from studydeck.store.schema import SCHEMA_VERSION, UNCOUNTED, count_logged, migrate
from studydeck.store.times import from_text, to_text

BUSY_TIMEOUT_S = 5.0
SYNCHRONOUS = "FULL"
_HEADER = b"SQLite format 3\x00"
_RESTORE = "Restore a backup with `studydeck restore`, or move the file away to start afresh."

Key = tuple[str, str, str]  # deck id, card id, part
# An items row as `due_rows` reads it: card id, part, state, step, stability, difficulty, due,
# last_review, reps, lapses (times as stored: UTC text).
StateRow = tuple[str, str, str, Any, Any, Any, str, Any, int, int]
RecallRow = tuple[str, float | None, str | None]  # item_key(), stability, last_review
_STATE_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"
_ITEM_STATE = f"SELECT {_STATE_COLUMNS} FROM items WHERE deck_id=? AND card_id=? AND part=?"
_ITEM_KEY = "CASE part WHEN '' THEN card_id ELSE card_id || char(31) || part END"  # item_key()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DIGIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")
STATES = frozenset({"learning", "review", "relearning"})  # an item's state in `items`
_ELAPSED_WINDOW = 200  # median_elapsed looks at the last this many answers of a card type

_P = ParamSpec("_P")
_R = TypeVar("_R")
_T = TypeVar("_T")


def _reading(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Report a damaged or unreadable file met while reading, as `writing` does for writes."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a mistake in the code, not in the file
        except sqlite3.DatabaseError as exc:
            store = args[0]
            assert isinstance(store, Store)
            raise read_error(store.path, exc) from exc
        except (ValueError, OverflowError) as exc:  # a value studydeck never writes
            store = args[0]
            assert isinstance(store, Store)
            raise damaged(store.path, f"a value is not one studydeck writes: {exc}") from exc

    return wrapper


class ItemState(NamedTuple):
    """One item's scheduling state (an item without a row is new). A named tuple: made by the
    thousand when a queue is planned, and a tuple is made several times faster than a frozen
    dataclass."""

    state: str  # learning | review | relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


class Review(NamedTuple):
    """One answer, as appended to the log (a named tuple: made at every answer)."""

    deck_id: str
    card_id: str
    part: str
    card_type: str
    content_hash: str
    shown_at: datetime  # the schedule is computed as of this moment (what `intervals` showed)
    reviewed_at: datetime
    answer: str | None  # JSON
    correct: bool
    rating: int
    proposed: int | None
    automatic: bool
    elapsed: float
    state_before: str
    after: ItemState


class SavedFit(NamedTuple):
    """A fit of the scheduler's parameters to the learner's answers (study/optimizer.py), as
    kept in the progress file."""

    fitted_at: datetime
    reviews: int  # long-term reviews it was fitted on
    parameters: tuple[float, ...]
    accepted: bool  # predicted the answers better than the parameters in use: in use since
    log_loss_before: float  # of the parameters in use until then, on the same reviews
    rmse_before: float
    log_loss_after: float  # of the fitted parameters
    rmse_after: float


@dataclass(frozen=True)
class LoggedReview:
    """A row of the log as read back."""

    id: int
    deck_id: str
    card_id: str
    part: str
    card_type: str
    shown_at: datetime
    reviewed_at: datetime
    correct: bool
    rating: int
    elapsed: float
    state_before: str
    undone: bool
    content_hash: str  # which version of the card was answered
    answer: str | None  # the learner's answer as JSON, None for self-graded cards


class Store:
    """An open progress file. Build it with `open_store`."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        warnings: list[str],
        *,
        in_use: int | None = None,
    ) -> None:
        self.path = path
        self._conn = conn
        self._in_use = in_use  # a descriptor holding the file's shared lock (store/in_use.py)
        # one cursor for the statements of an answer, each read to its end at once (so none is
        # left open): conn.execute makes a cursor per statement, 1.4k instructions each
        self._cur = conn.cursor()
        self.warnings = warnings  # things the learner should know that did not stop the opening
        self._in_write = False
        # median_elapsed's latest answer times per card type, as of `_seen_version` and this
        # connection's own writes: `_written` and `_unwritten` in the open transaction are
        # applied when it commits
        self._times: dict[str, _Times] = {}
        self._seen_version = -1
        self._written: list[tuple[str, int, float]] = []
        self._unwritten: list[int] = []
        # the accepted fits' (fitted_at as text, parameters), oldest first, as of
        # `_fits_version` (PRAGMA data_version; None: read afresh)
        self._accepted: list[tuple[str, tuple[float, ...]]] = []
        self._fits_version: int | None = None
        # PRAGMA data_version as read inside the last write transaction that committed (None:
        # none since, or it failed): see parameters_in_use's `just_written`
        self._written_version: int | None = None
        self._writing = _Writing(self)

    def close(self) -> None:
        self._conn.close()
        if self._in_use is not None:
            os.close(self._in_use)
            self._in_use = None

    def learner_id(self) -> str:
        """The random id made when this progress file was created (32 hex digits): it names no
        one, and stays the same for the file's life."""
        row = self._conn.execute("SELECT id FROM learner").fetchone()
        return str(row[0])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------------------

    def writing(self) -> _Writing:
        """One write transaction: committed on leaving, rolled back on any error."""
        return self._writing

    def _committed(self) -> None:
        """Bring median_elapsed's answers up to date with what this connection just wrote."""
        if not self._times:
            return
        for card_type, review_id, elapsed in self._written:
            times = self._times.get(card_type)
            if times is not None:
                times.add(review_id, elapsed)
        for review_id in self._unwritten:
            for card_type, times in list(self._times.items()):
                if times.holds(review_id):  # an older answer moves in: read them afresh
                    del self._times[card_type]

    def insert_review(self, r: Review) -> int:
        """Append an answer to the log (inside `writing`); return its id."""
        return self._insert_review(r, to_text(r.shown_at), to_text(r.after.due))

    def put_state(self, key: Key, state: ItemState | None) -> None:
        """Set an item's state; None makes it new again (after undoing its first answer)."""
        if state is None:
            self._conn.execute("DELETE FROM items WHERE deck_id=? AND card_id=? AND part=?", key)
            return
        last = to_text(state.last_review) if state.last_review else None
        self._put_state(key, state, to_text(state.due), last)

    def save_answer(self, r: Review) -> int:
        """`insert_review`, and `put_state` of the item with the state after the answer, in one:
        the times the log row and the state share are written out once."""
        a = r.after
        shown, due = to_text(r.shown_at), to_text(a.due)
        review_id = self._insert_review(r, shown, due)
        if a.last_review == r.shown_at:  # the schedule is computed as of when it was shown
            last: str | None = shown
        else:
            last = to_text(a.last_review) if a.last_review else None
        self._put_state((r.deck_id, r.card_id, r.part), a, due, last)
        return review_id

    def _insert_review(self, r: Review, shown: str, due: str) -> int:
        a = r.after
        cur = self._cur.execute(
            "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at,"
            " reviewed_at,"
            " answer, correct, rating, proposed, automatic, elapsed, state_before, state_after,"
            " step_after, stability_after, difficulty_after, due_after)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                r.deck_id,
                r.card_id,
                r.part,
                r.card_type,
                r.content_hash,
                shown,
                to_text(r.reviewed_at),
                r.answer,
                int(r.correct),
                r.rating,
                r.proposed,
                int(r.automatic),
                r.elapsed,
                r.state_before,
                a.state,
                a.step,
                a.stability,
                a.difficulty,
                due,
            ),
        )
        assert cur.lastrowid is not None
        self._written.append((r.card_type, cur.lastrowid, r.elapsed))
        return cur.lastrowid

    def _put_state(self, key: Key, state: ItemState, due: str, last: str | None) -> None:
        self._cur.execute(
            "INSERT OR REPLACE INTO items (deck_id, card_id, part, state, step, stability,"
            " difficulty, due, last_review, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                *key,
                state.state,
                state.step,
                state.stability,
                state.difficulty,
                due,
                last,
                state.reps,
                state.lapses,
            ),
        )

    def clear_states(self) -> None:
        """Empty the items table (inside `writing`), before writing states rebuilt from the log."""
        self._conn.execute("DELETE FROM items")

    def mark_undone(self, review_id: int, now: datetime) -> None:
        self._conn.execute(
            "UPDATE reviews SET undone = 1, undone_at = ? WHERE id = ?", (to_text(now), review_id)
        )
        self._unwritten.append(review_id)

    def rename_card(self, deck_id: str, old: str, new: str, now: datetime) -> int:
        """Move the state rows of card `old` to `new` (inside `writing`); the log keeps `old`."""
        cur = self._conn.execute(
            "UPDATE items SET card_id = ? WHERE deck_id = ? AND card_id = ?", (new, deck_id, old)
        )
        self._conn.execute(
            "INSERT OR REPLACE INTO renames (deck_id, old_card_id, new_card_id, renamed_at)"
            " VALUES (?,?,?,?)",
            (deck_id, old, new, to_text(now)),
        )
        return cur.rowcount

    # ---- reading ---------------------------------------------------------------------------

    @_reading
    def item_state(self, key: Key) -> ItemState | None:
        row = self._cur.execute(_ITEM_STATE, key).fetchone()
        return _state(row) if row else None

    @_reading
    def states(self, deck_id: str | None = None) -> dict[Key, ItemState]:
        sql = f"SELECT deck_id, card_id, part, {_STATE_COLUMNS} FROM items"
        rows = (
            self._conn.execute(sql + " WHERE deck_id = ?", (deck_id,))
            if deck_id is not None
            else self._conn.execute(sql)
        )
        return {(r[0], r[1], r[2]): _state(r[3:]) for r in rows}

    @_reading
    def card_ids_with_state(self, deck_id: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT DISTINCT card_id FROM items WHERE deck_id = ?", (deck_id,)
        )
        return {r[0] for r in rows}

    @_reading
    def reviews(
        self,
        deck_id: str | None = None,
        since: datetime | None = None,
        *,
        include_undone: bool = False,
    ) -> list[LoggedReview]:
        """Log rows in the order they were written."""
        where, args = [], []
        if deck_id is not None:
            where.append("deck_id = ?")
            args.append(deck_id)
        if since is not None:
            where.append("reviewed_at >= ?")
            args.append(to_text(since))
        if not include_undone:
            where.append("undone = 0")
        sql = (
            "SELECT id, deck_id, card_id, part, card_type, shown_at, reviewed_at, correct, rating,"
            " elapsed, state_before, undone, content_hash, answer FROM reviews"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.execute(sql + " ORDER BY id", args)
        return [
            LoggedReview(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                from_text(r[5]),
                from_text(r[6]),
                bool(r[7]),
                r[8],
                r[9],
                r[10],
                bool(r[11]),
                r[12],
                r[13],
            )
            for r in rows
        ]

    @_reading
    def review_count(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM reviews WHERE undone = 0").fetchone()[0]
        )

    @_reading
    def median_elapsed(
        self, card_type: str, last: int = _ELAPSED_WINDOW, minimum: int = 5
    ) -> float | None:
        """The learner's median answer time for a card type (None until `minimum` answers)."""
        if last != _ELAPSED_WINDOW:
            return _Times(self._last_elapsed(card_type, last)).median(minimum)
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._seen_version:  # another connection wrote since: read afresh
            self._times.clear()
            self._seen_version = version
        times = self._times.get(card_type)
        if times is None:
            times = self._times[card_type] = _Times(self._last_elapsed(card_type, last))
        return times.median(minimum)

    def _last_elapsed(self, card_type: str, last: int) -> list[tuple[int, float]]:
        return self._conn.execute(
            "SELECT id, elapsed FROM reviews WHERE card_type = ? AND undone = 0"
            " ORDER BY id DESC LIMIT ?",
            (card_type, last),
        ).fetchall()

    @_reading
    def last_studied(self, deck_id: str) -> datetime | None:
        row = self._conn.execute(
            "SELECT max(reviewed_at) FROM reviews WHERE deck_id = ? AND undone = 0", (deck_id,)
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None

    @_reading
    def renames(self) -> dict[tuple[str, str], str]:
        """(deck id, old card id) → new card id."""
        rows = self._conn.execute("SELECT deck_id, old_card_id, new_card_id FROM renames")
        return {(r[0], r[1]): r[2] for r in rows}

    def _count_up(self) -> None:
        """Bring the sums beside the log up to date before they are read: an answer writes only
        its log row, and the rows after the sums' mark are counted here, in one pass (schema
        step 5)."""
        if not self._conn.execute(UNCOUNTED).fetchone()[0]:
            return
        if self._in_write:
            count_logged(self._conn)
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            count_logged(self._conn)
            self._conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise

    # ---- figures for the queue and the stats, counted by SQLite ------------------------------
    # Times are stored as fixed-width UTC text, so `due < ?` compares them as times. Rows come
    # back as plain tuples, and many rows as one JSON array: each row handed to Python costs
    # more than SQLite's own work on it.

    @_reading
    def due_rows(self, deck_id: str, before: datetime) -> list[StateRow]:
        """The deck's items due before `before`, as rows (see `StateRow`)."""
        sql = f"SELECT card_id, part, {_STATE_COLUMNS} FROM items WHERE deck_id = ? AND due < ?"
        rows: list[StateRow] = self._conn.execute(sql, (deck_id, to_text(before))).fetchall()
        for state in {row[2] for row in rows}:
            _known_state(state)
        return rows

    @_reading
    def learning_due(
        self, deck_id: str, before: datetime
    ) -> tuple[list[str], list[str], list[str], list[str]]:
        """Card ids, parts, states and due times of the deck's items not in review state
        (learning, relearning) due before `before`, as four lists."""
        # ids and parts are slugs, states words and times digits: no commas in them
        columns = self._conn.execute(
            "SELECT group_concat(card_id, ','), group_concat(part, ','),"
            " group_concat(state, ','), group_concat(due, ',') FROM items"
            " WHERE deck_id = ? AND due < ? AND state != 'review'",
            (deck_id, to_text(before)),
        ).fetchone()
        if columns[0] is None:
            return [], [], [], []
        ids, parts, states, dues = (c.split(",") for c in columns)
        for state in set(states):
            _known_state(state)
        for due in dues:  # the queue reads them later: a bad one is damage, found here
            from_text(due)
        return ids, parts, states, dues

    @_reading
    def reviews_due(self, deck_id: str, before: datetime) -> list[RecallRow]:
        """(`item_key`, stability, last review) of the deck's items in review state due before
        `before`: what their retrievability needs, from the index on due alone."""
        return self._conn.execute(
            f"SELECT {_ITEM_KEY}, stability, last_review FROM items WHERE deck_id = ?"
            " AND due < ? AND state = 'review'",
            (deck_id, to_text(before)),
        ).fetchall()

    @_reading
    def cards_with_new_items(
        self, deck_id: str, cards: Iterable[tuple[str, Sequence[str]]], first: int
    ) -> list[tuple[str, set[str]]]:
        """The first `first` of `cards` (card id, the parts of its items), in their order, with
        an item without a state (new); each with the parts of its items that have one. Cards
        after those are not looked up."""
        # One lookup per card, in a JSON object of card id → its parts, which json_each walks in
        # order (so LIMIT stops the lookups). Most cards are one item, the card itself (""): a
        # card with other parts ("c1", "reverse"; as ",c1,c2,") has a new item when fewer of
        # them have a state than it has (the state of a part gone from the card does not count).
        listed = json.dumps(
            {card: "" if parts == ("",) else f",{','.join(parts)}," for card, parts in cards}
        )
        rows = self._conn.execute(
            "SELECT j.key, (SELECT group_concat(part) FROM items"
            " WHERE deck_id = ?1 AND card_id = j.key) FROM json_each(?2) AS j"
            " WHERE CASE j.value WHEN '' THEN NOT EXISTS (SELECT 1 FROM items"
            " WHERE deck_id = ?1 AND card_id = j.key AND part = '')"
            " ELSE (SELECT count(*) FROM items WHERE deck_id = ?1 AND card_id = j.key"
            " AND instr(j.value, ',' || part || ','))"
            " < length(j.value) - length(replace(j.value, ',', '')) - 1 END LIMIT ?3",
            (deck_id, listed, first),
        )
        # parts are slugs: no commas in them
        return [(card, set(have.split(",")) if have is not None else set()) for card, have in rows]

    @_reading
    def item_keys(self, deck_id: str) -> tuple[list[str], list[str]]:
        """The `item_key` of every item of the deck that has a state, and those states."""
        # ids and parts are slugs and states are words: no commas in them
        keys, states = self._conn.execute(
            f"SELECT group_concat({_ITEM_KEY}, ','), group_concat(state, ',') FROM items"
            " WHERE deck_id = ?",
            (deck_id,),
        ).fetchone()
        if keys is None:
            return [], []
        listed = states.split(",")
        for state in set(listed):
            _known_state(state)
        return keys.split(","), listed

    @_reading
    def answered_since(
        self, deck_ids: Iterable[str], since: datetime
    ) -> list[tuple[str, str, str]]:
        """(deck id, card id as answered, state before) of the answers since `since`."""
        ids = list(dict.fromkeys(deck_ids))
        return self._conn.execute(
            "SELECT deck_id, card_id, state_before FROM reviews"
            f" WHERE deck_id IN ({','.join('?' * len(ids))}) AND reviewed_at >= ? AND undone = 0"
            " ORDER BY id",
            (*ids, to_text(since)),
        ).fetchall()

    @_reading
    def due_now_keys(self, deck_id: str, now: datetime, day_end: datetime) -> list[str]:
        """The `item_key` of the deck's items due now: reviews due before `day_end`, items in
        learning by `now`."""
        (keys,) = self._conn.execute(
            f"SELECT json_group_array({_ITEM_KEY}) FROM items WHERE deck_id = ? AND due < ?"
            " AND (state = 'review' OR due <= ?)",
            (deck_id, to_text(day_end), to_text(now)),
        ).fetchone()
        result: list[str] = json.loads(keys)
        return result

    @_reading
    def due_histogram(self, deck_id: str, bounds: Sequence[datetime]) -> list[int]:
        """Items due before bounds[0], then between each bound and the next (len(bounds) counts)."""
        texts = [to_text(b) for b in bounds]
        parts = ["(SELECT count(*) FROM items WHERE deck_id = ?1 AND due < ?2)"]
        parts += [
            f"(SELECT count(*) FROM items WHERE deck_id = ?1 AND due >= ?{i + 2}"
            f" AND due < ?{i + 3})"
            for i in range(len(texts) - 1)
        ]
        row = self._conn.execute("SELECT " + ", ".join(parts), (deck_id, *texts)).fetchone()
        return [int(n) for n in row]

    @_reading
    def answers_per_card(self, deck_id: str) -> dict[str, int]:
        """Card id as answered → answers (undone ones left out)."""
        self._count_up()
        ids, counts = self._conn.execute(
            "SELECT json_group_array(card_id), json_group_array(answers) FROM card_answers"
            " WHERE deck_id = ?",
            (deck_id,),
        ).fetchone()
        return dict(zip(json.loads(ids), json.loads(counts), strict=True))

    @_reading
    def answer_count(self, deck_id: str) -> int:
        self._count_up()
        row = self._conn.execute(
            "SELECT sum(answers) FROM card_answers WHERE deck_id = ?", (deck_id,)
        ).fetchone()
        return int(row[0] or 0)

    @_reading
    def review_answers_since(self, deck_id: str, since: datetime) -> tuple[list[str], bytes]:
        """Card ids (as answered) and verdicts (a byte each: 1 right, 0 wrong) of the answers to
        items in review state since `since`."""
        ids, correct = self._conn.execute(
            "SELECT group_concat(card_id, ','), group_concat(correct != 0, '') FROM reviews"
            " WHERE deck_id = ? AND reviewed_at >= ? AND undone = 0 AND state_before = 'review'",
            (deck_id, to_text(since)),
        ).fetchone()
        if ids is None:
            return [], b""
        return ids.split(","), correct.encode().translate(_DIGIT_BYTES)

    @_reading
    def review_totals_since(self, deck_id: str, since: datetime) -> tuple[int, int]:
        """(answers, right answers) to items in review state since `since`."""
        self._count_up()
        micro = (since - _EPOCH) // _MICROSECOND
        hour = -(-micro // 3_600_000_000)  # the first whole hour from `since` on
        row = self._conn.execute(
            "SELECT sum(review_answers), sum(review_right) FROM review_hours"
            " WHERE deck_id = ? AND hour >= ?",
            (deck_id, hour),
        ).fetchone()
        answers, right = row[0] or 0, row[1] or 0
        if hour * 3_600_000_000 != micro:  # the part of an hour before it, from the log
            row = self._conn.execute(
                "SELECT count(*), sum(correct) FROM reviews WHERE deck_id = ? AND reviewed_at >= ?"
                " AND reviewed_at < ? AND undone = 0 AND state_before = 'review'",
                (deck_id, to_text(since), _hour_text(hour)),
            ).fetchone()
            answers, right = answers + row[0], right + (row[1] or 0)
        return int(answers), int(right)

    @_reading
    def answered_hours(self, deck_ids: Iterable[str]) -> tuple[int, int] | None:
        """The first and last hour (since 1970-01-01T00:00Z) with an answer in these decks."""
        self._count_up()
        found: list[int] = []
        for deck_id in deck_ids:
            found += [
                int(h)
                for h in self._conn.execute(
                    "SELECT (SELECT min(hour) FROM review_hours WHERE deck_id = ?1),"
                    " (SELECT max(hour) FROM review_hours WHERE deck_id = ?1)",
                    (deck_id,),
                ).fetchone()
                if h is not None
            ]
        return (min(found), max(found)) if found else None

    @_reading
    def answers_by_day(
        self, deck_id: str, first_hour: int, end_hour: int, shift: int
    ) -> tuple[dict[int, int], list[tuple[int, int]]]:
        """Answers in the hours first_hour ≤ h < end_hour (whole hours since 1970), summed per
        day number ⌊(h·3600 + shift) / 86400⌋. Hours that a day boundary cuts are returned
        apart, as (hour, answers)."""
        self._count_up()
        whole = "(hour * 3600 + ?1) % 86400 <= 82800"
        args = (shift, deck_id, first_hour, end_hour)
        rows = self._conn.execute(
            "SELECT (hour * 3600 + ?1) / 86400 AS d, sum(answers) FROM review_hours"
            f" WHERE deck_id = ?2 AND hour >= ?3 AND hour < ?4 AND {whole} GROUP BY d",
            args,
        )
        out = {int(d): int(n) for d, n in rows}
        cut: list[tuple[int, int]] = []
        if shift % 3600:
            cut = self._conn.execute(
                "SELECT hour, answers FROM review_hours WHERE deck_id = ?2 AND hour >= ?3"
                f" AND hour < ?4 AND NOT ({whole})",
                args,
            ).fetchall()
        return out, cut

    @_reading
    def answered_days(self, deck_id: str, first_day: int, last_day: int) -> list[tuple[int, int]]:
        """(UTC day, bit mask of its hours with answers) for first_day ≤ day ≤ last_day (whole
        days since 1970)."""
        self._count_up()
        return self._conn.execute(
            "SELECT day, hours FROM review_days WHERE deck_id = ? AND day >= ? AND day <= ?",
            (deck_id, first_day, last_day),
        ).fetchall()

    @_reading
    def answers_between(self, deck_id: str, start: datetime, end: datetime) -> int:
        """Answers (not undone) with start ≤ reviewed_at < end, from the log."""
        row = self._conn.execute(
            "SELECT count(*) FROM reviews WHERE deck_id = ? AND reviewed_at >= ?"
            " AND reviewed_at < ? AND undone = 0",
            (deck_id, to_text(start), to_text(end)),
        ).fetchone()
        return int(row[0])

    @_reading
    def answer_times(self, deck_id: str, start: datetime, end: datetime) -> list[datetime]:
        """When each answer (not undone) with start ≤ reviewed_at < end was given."""
        rows = self._conn.execute(
            "SELECT reviewed_at FROM reviews WHERE deck_id = ? AND reviewed_at >= ?"
            " AND reviewed_at < ? AND undone = 0",
            (deck_id, to_text(start), to_text(end)),
        )
        return [from_text(r[0]) for r in rows]

    # ---- the scheduler's parameters, fitted to the learner (study/optimizer.py) --------------

    def save_fit(self, fit: SavedFit) -> None:
        """Keep a fit (inside `writing`). Item states stay as they are: accepted parameters
        apply from each item's next showing on."""
        self._conn.execute(
            "INSERT INTO parameter_fits (fitted_at, reviews, parameters, accepted,"
            " log_loss_before, rmse_before, log_loss_after, rmse_after)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                to_text(fit.fitted_at),
                fit.reviews,
                json.dumps(list(fit.parameters)),
                int(fit.accepted),
                fit.log_loss_before,
                fit.rmse_before,
                fit.log_loss_after,
                fit.rmse_after,
            ),
        )
        self._fits_version = None

    @_reading
    def fits(self) -> list[SavedFit]:
        """Every fit kept, oldest first."""
        rows = self._conn.execute(
            "SELECT fitted_at, reviews, parameters, accepted, log_loss_before, rmse_before,"
            " log_loss_after, rmse_after FROM parameter_fits ORDER BY fitted_at, id"
        )
        return [
            SavedFit(
                from_text(r[0]),
                int(r[1]),
                self._parameters(r[2]),
                bool(r[3]),
                float(r[4]),
                float(r[5]),
                float(r[6]),
                float(r[7]),
            )
            for r in rows
        ]

    def parameters_in_use(
        self, at: datetime | None = None, *, just_written: bool = False
    ) -> tuple[float, ...] | None:
        """The parameters of the latest fit accepted by `at` (default: the latest of all);
        None: the FSRS defaults. Read once per change of the file: cheap to ask per item.

        Whether another connection (the app's background fit, `studydeck optimize` elsewhere)
        saved a fit is seen from PRAGMA data_version. `just_written`: the caller has this moment
        committed a `writing` transaction, and the version read inside it stands for now (the
        microseconds since are as if the other connection had committed just after this call):
        the session asks so right after recording an answer, and a fit saved by another process
        while an item was on screen still applies from the next item shown."""
        version = self._written_version if just_written else None
        if version is None or version != self._fits_version:
            self._read_fits(version)
        if not self._accepted:
            return None
        if at is None:
            return self._accepted[-1][1]
        # fitted_at is fixed-width UTC text: it sorts as time
        found = bisect_right(self._accepted, to_text(at), key=lambda f: f[0])
        return self._accepted[found - 1][1] if found else None

    @_reading
    def _read_fits(self, version: int | None) -> None:
        """Read the accepted fits again if the file changed since they were read (`version`:
        its PRAGMA data_version; None: read it now)."""
        if version is None:
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self._fits_version:
            rows = self._conn.execute(
                "SELECT fitted_at, parameters FROM parameter_fits WHERE accepted"
                " ORDER BY fitted_at, id"
            )
            self._accepted = [(r[0], self._parameters(r[1])) for r in rows]
            self._fits_version = version

    def _parameters(self, text: str) -> tuple[float, ...]:
        try:
            values = json.loads(text)
            return tuple(float(v) for v in values)
        except (ValueError, TypeError) as exc:
            raise damaged(self.path, f"fitted parameters: {exc}") from exc

    @_reading
    def long_term_answers(self) -> int:
        """Answers (not undone) to items in review state. Each came on a later study day than
        the item's answer before, so this is at most the number of long-term reviews a fit
        trains on (those also count learning steps answered on a later day), and is read from
        the sums kept beside the log, without reading the log."""
        self._count_up()
        row = self._conn.execute("SELECT sum(review_answers) FROM review_hours").fetchone()
        return int(row[0] or 0)

    def kept_answers(self, make: Callable[[Key, int, datetime], _T]) -> Iterator[_T]:
        """Every answer not undone, oldest first, as `make(key, rating, shown_at)`, the key
        under the card's current id (renames followed). Rows are read as they are used: the
        log may hold a million."""
        renames = self.renames()
        current: dict[tuple[str, str], str] = {}
        for deck_id, old in renames:
            card_id, seen = old, {old}
            while (deck_id, card_id) in renames:  # a card may have been renamed more than once
                card_id = renames[(deck_id, card_id)]
                if card_id in seen:
                    break
                seen.add(card_id)
            current[(deck_id, old)] = card_id
        try:
            rows = self._conn.execute(
                "SELECT deck_id, card_id, part, rating, shown_at FROM reviews WHERE undone = 0"
                " ORDER BY id"
            )
            for deck_id, card_id, part, rating, shown_at in rows:
                if current:
                    card_id = current.get((deck_id, card_id), card_id)
                yield make((deck_id, card_id, part), rating, from_text(shown_at))
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as exc:
            raise read_error(self.path, exc) from exc
        except (ValueError, OverflowError) as exc:
            raise damaged(self.path, f"a value is not one studydeck writes: {exc}") from exc


class _Writing:
    """A store's write transaction (`Store.writing`): one per store, entered once at a time. A
    class rather than a generator under contextlib.contextmanager, which costs three times as
    much to enter and leave (once per answer)."""

    __slots__ = ("_store", "_version")

    def __init__(self, store: Store) -> None:
        self._store = store
        self._version = 0  # PRAGMA data_version as read inside the open transaction

    def __enter__(self) -> None:
        store = self._store
        if store._in_write:
            raise RuntimeError("write transactions do not nest")
        check_not_noted(store.path)  # damage another command found since this one opened
        if replaced(store.path, store._in_use):
            raise ProgressFileError(
                store.path,
                "the progress file was replaced (restored?) since this session opened it:"
                " this answer was not saved",
                "Start studydeck again to study with the file now in place.",
            )
        store._in_write = True
        store._written.clear()
        store._unwritten.clear()
        store._written_version = None
        conn = store._conn
        try:
            store._cur.execute("BEGIN IMMEDIATE")
            # Inside the transaction this costs less than half what it costs outside, and it
            # holds until the commit: no other connection can commit while we hold the write
            # lock (our own commits leave data_version as it is)
            self._version = int(store._cur.execute("PRAGMA data_version").fetchone()[0])
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            store._in_write = False
            if isinstance(exc, sqlite3.Error):
                raise write_error(store.path, exc) from exc
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Commit, or roll back after `error` (re-raised by the `with` statement, or raised
        here as the learner's ProgressFileError)."""
        store = self._store
        try:
            if error is None:
                try:
                    store._cur.execute("COMMIT")
                except BaseException as exc:
                    with contextlib.suppress(sqlite3.Error):
                        store._conn.execute("ROLLBACK")
                    if isinstance(exc, sqlite3.Error):
                        raise write_error(store.path, exc) from exc
                    raise
                store._committed()
                store._written_version = self._version
                return
            with contextlib.suppress(sqlite3.Error):
                store._conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise write_error(store.path, error) from error
        finally:
            store._in_write = False


class _Times:
    """The latest answer times of a card type: (id, seconds) newest first, and the seconds in
    order, kept in order as answers come (a median without sorting at every answer)."""

    __slots__ = ("latest", "ordered")

    def __init__(self, rows: list[tuple[int, float]]) -> None:
        self.latest = deque(rows)
        self.ordered = sorted(e for _, e in rows)

    def add(self, review_id: int, elapsed: float) -> None:
        self.latest.appendleft((review_id, elapsed))
        insort(self.ordered, elapsed)
        if len(self.latest) > _ELAPSED_WINDOW:
            _, oldest = self.latest.pop()
            del self.ordered[bisect_left(self.ordered, oldest)]

    def holds(self, review_id: int) -> bool:
        return any(i == review_id for i, _ in self.latest)

    def median(self, minimum: int) -> float | None:
        times = self.ordered
        if len(times) < minimum:
            return None
        mid = len(times) // 2
        return float(times[mid]) if len(times) % 2 else (times[mid - 1] + times[mid]) / 2


def _hour_text(hour: int) -> str:
    return to_text(datetime.fromtimestamp(hour * 3600, UTC))


def item_key(card_id: str, part: str) -> str:
    """An item of a deck as one string: the card id, and "\\x1f" and the part if it has one
    (ids are slugs: they hold no control characters)."""
    return f"{card_id}\x1f{part}" if part else card_id


def _state(row: tuple[object, ...] | sqlite3.Row) -> ItemState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return ItemState(
        _known_state(state),
        step if isinstance(step, int) else None,
        float(stability) if isinstance(stability, int | float) else None,
        float(difficulty) if isinstance(difficulty, int | float) else None,
        from_text(str(due)),
        from_text(str(last_review)) if last_review else None,
        reps if type(reps) is int else int(str(reps)),
        lapses if type(lapses) is int else int(str(lapses)),
    )


def _known_state(state: object) -> str:
    """An item's state as read: one of the three studydeck writes, or a ValueError (read as
    damage): the value is shown on screen, so nothing else may pass."""
    if state not in STATES:
        raise ValueError(f"an item's state is {str(state)[:40]!r}")
    return str(state)


def read_error(path: Path, exc: sqlite3.Error) -> ProgressFileError:
    """Turn an SQLite error during a read into words for the learner."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or bad_text(exc):
        return damaged(path, str(exc))
    if other_schema(exc):
        return schema_error(path, exc)
    return ProgressFileError(
        path, f"the progress file could not be read ({exc})", "Check the disk, then try again."
    )


def write_error(path: Path, exc: sqlite3.Error) -> ProgressFileError:
    """Turn an SQLite error during a write into words for the learner."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return ProgressFileError(
            path,
            "the disk is full: this answer was not saved (earlier answers are safe)",
            "Free some disk space, then answer again.",
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return ProgressFileError(
            path,
            "the progress file (or its folder) cannot be written: this answer was not saved",
            "Check the permissions of the file and its folder.",
        )
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return ProgressFileError(
            path,
            f"another program kept the progress file locked for {BUSY_TIMEOUT_S:.0f} s:"
            " this answer was not saved",
            "Close other studydeck windows or programs using the file, then answer again.",
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or bad_text(exc):
        return damaged(path, str(exc))
    if other_schema(exc):
        return schema_error(path, exc)
    return ProgressFileError(
        path, f"the progress file could not be written ({exc})", "Check the disk, then try again."
    )


def _check_header(path: Path) -> None:
    """Catch files that are not SQLite or were cut short, without letting SQLite touch them."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise ProgressFileError(path, "this is not a file", "Move it away or use --data-dir.")
    if not st.st_mode & 0o222 or not os.access(path, os.R_OK | os.W_OK):
        raise ProgressFileError(
            path,
            "the progress file is read-only, so answers could not be saved",
            "Make it writable (chmod u+w), or study with another --data-dir.",
        )
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header:
        raise ProgressFileError(path, "the progress file is empty (it was cut short)", _RESTORE)
    if not header.startswith(_HEADER[: len(header)]) or len(header) < 100:
        if header.startswith(_HEADER[: min(len(header), len(_HEADER))]):
            raise ProgressFileError(path, "the progress file was cut short", _RESTORE)
        raise ProgressFileError(
            path, "this is not a studydeck progress file (not an SQLite database)", _RESTORE
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_valid = header[24:28] == header[92:96]  # the in-header size is trusted only then
    wal = path.with_name(path.name + "-wal")
    # a checkpoint cut short by a crash may leave the file shorter than its header says until
    # SQLite replays the WAL: with a WAL present, leave that judgement to the day's integrity
    # check, or to the read that meets a missing page (read_error)
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if size_valid and not wal_pending and pages * page_size > st.st_size:
        raise ProgressFileError(
            path,
            f"the progress file was cut short ({st.st_size:,} of {pages * page_size:,} bytes)",
            _RESTORE,
        )


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_contents(path: Path, conn: sqlite3.Connection) -> int:
    """Return the schema version after checking that the file is ours (reads its schema)."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:  # damage only when SQLite says so: not a full disk
        raise open_error(path, exc) from exc
    except ValueError as exc:
        raise damaged(path, f"it cannot be read: {exc}") from exc
    if version > SCHEMA_VERSION:
        raise ProgressFileError(
            path,
            f"the progress file was written by a newer studydeck (schema {version}, this one"
            f" reads up to {SCHEMA_VERSION})",
            "Update studydeck; the file is left as it is.",
        )
    if version == 0 and tables:
        raise ProgressFileError(
            path, "this SQLite file is not a studydeck progress file", "Use another --data-dir."
        )
    return version


def _check_integrity(path: Path, conn: sqlite3.Connection) -> None:
    """Read the whole file and check every page, row and index entry (PRAGMA integrity_check)."""
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as exc:  # damage only when SQLite says so: not a full disk
        raise open_error(path, exc) from exc
    except ValueError as exc:
        raise damaged(path, f"it cannot be read: {exc}") from exc
    if problems != ["ok"]:
        raise damaged(path, "; ".join(problems))


def _create(path: Path) -> None:
    """Make a new progress file next to `path`, then link it in: never over an existing file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        conn = _connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another session created it first: use theirs
        finally:
            tmp.unlink()
    except (OSError, sqlite3.Error) as exc:
        raise ProgressFileError(
            path,
            f"the progress file could not be created ({exc})",
            "Check that the folder is writable and the disk is not full, or use --data-dir.",
        ) from exc


def open_store(path: Path, now: datetime, *, only_reading: bool = False) -> Store:
    """Open (or create) the progress file at `path`; raise ProgressFileError if unusable.

    A damaged file is reported and left byte for byte as it was: never recreated or repaired.
    `only_reading`: the caller writes nothing (stats, progress export), so a file that cannot
    be written is read from a copy in memory instead of being refused.
    """
    path = Path(path)
    if only_reading and path.is_file() and not _writable(path):
        return _read_only_copy(path)
    existed = path.exists() or path.is_symlink()
    if not existed:
        _create(path)
    _check_header(path)
    check_not_noted(path)
    warnings: list[str] = []
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    except ValueError as exc:  # SQLite's own message quoted bytes that are not UTF-8
        raise damaged(path, f"it cannot be opened: {exc}") from exc
    try:
        version = _check_contents(path, conn)
        # The whole file is checked once a day, before the day's backup copies it: a damaged file
        # never takes the place of a sound backup. The other openings that day check its header
        # and schema only (the full check reads every page: seconds for a long log), and damage
        # met later is reported by every read and write like this one (`read_error`).
        if existed and version > 0 and backup_due(path, now):
            _check_integrity(path, conn)
            try:  # before any migration, so an upgrade that goes wrong can be undone
                daily_backup(conn, path, now)
            except (OSError, sqlite3.Error) as exc:
                warnings.append(f"today's backup of {path} could not be made: {exc}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        except sqlite3.Error as exc:
            raise open_error(path, exc) from exc
    except (ValueError, OverflowError) as exc:  # a value studydeck never writes
        conn.close()
        raise damaged(path, f"a value is not one studydeck writes: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    # held from here on: a restore refuses the file, and a file replaced in the milliseconds
    # before is seen by the first write (`replaced`)
    return Store(path, conn, warnings, in_use=hold(path))


def _writable(path: Path) -> bool:
    """Whether the file, its folder (SQLite's journal goes beside it) and the disk take writes."""
    return (
        bool(path.stat().st_mode & 0o222)
        and os.access(path, os.W_OK)
        and os.access(path.parent, os.W_OK)
        and not disk_full(path)
    )


def _read_only_copy(path: Path) -> Store:
    """The file copied into memory, read-only from its own side, brought to this schema there:
    the sums the stats read are brought up to date in the copy, and nothing reaches the file."""
    check_not_noted(path)
    # With no write-ahead log beside it the file is all there is: read it as immutable, which
    # needs no shared-memory file either (a full disk or a locked folder cannot make one)
    wal = path.with_name(path.name + "-wal")
    whole = not wal.exists() or wal.stat().st_size == 0
    try:
        source = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro{'&immutable=1' if whole else ''}", uri=True
        )
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    copy = sqlite3.connect(":memory:", isolation_level=None)
    try:
        try:
            _check_contents(path, source)
            source.backup(copy)
        finally:
            source.close()
        migrate(copy)
    except sqlite3.Error as exc:
        copy.close()
        raise read_error(path, exc) from exc
    except BaseException:
        copy.close()
        raise
    return Store(path, copy, [])


def memory_store(path: Path) -> Store:
    """An empty store in memory, named after `path`: figures for a learner with no file yet,
    without creating one."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    return Store(path, conn, [])
