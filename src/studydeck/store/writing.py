"""Writing answers: one transaction per answer, its log row and the item's new state."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from types import TracebackType

from studydeck.store.base import _StoreBase
from studydeck.store.damage import check_not_noted
from studydeck.store.errors import ProgressFileError, write_error
from studydeck.store.in_use import replaced
from studydeck.store.keys import ItemKey
from studydeck.store.rows import ItemState, Review
from studydeck.store.times import to_text


class _AnswerWriting(_StoreBase):
    """The writing part of `Store`."""

    _writing: _Writing

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

    def put_state(self, key: ItemKey, state: ItemState | None) -> None:
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
        self._put_state(ItemKey(r.deck_id, r.card_id, r.part), a, due, last)
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

    def _put_state(self, key: ItemKey, state: ItemState, due: str, last: str | None) -> None:
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
        self._conn.execute(  # a leech suspended or kept stays so under its new id
            "UPDATE OR REPLACE leeches SET card_id = ? WHERE deck_id = ? AND card_id = ?",
            (new, deck_id, old),
        )
        return cur.rowcount


class _Writing:
    """A store's write transaction (`Store.writing`): one per store, entered once at a time. A
    class rather than a generator under contextlib.contextmanager, which costs three times as
    much to enter and leave (once per answer)."""

    __slots__ = ("_store", "_version")

    def __init__(self, store: _AnswerWriting) -> None:
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
