"""Reading items and answers back: an item's state, the log, the learner's usual answer time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TypeVar

from studydeck.store.base import _ELAPSED_WINDOW, _reading, _StoreBase, _Times
from studydeck.store.damage import damaged
from studydeck.store.errors import read_error
from studydeck.store.keys import ItemKey
from studydeck.store.rows import ItemState, LoggedReview, RecentRating, _state
from studydeck.store.times import from_text, to_text

_STATE_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"
_ITEM_STATE = f"SELECT {_STATE_COLUMNS} FROM items WHERE deck_id=? AND card_id=? AND part=?"
_T = TypeVar("_T")


class _Reading(_StoreBase):
    """The reading part of `Store`."""

    # ---- reading ---------------------------------------------------------------------------

    @_reading
    def item_state(self, key: ItemKey) -> ItemState | None:
        """The item's scheduling state (None: never answered, a new item)."""
        row = self._cur.execute(_ITEM_STATE, key).fetchone()
        return _state(row) if row else None

    @_reading
    def states(self, deck_id: str | None = None) -> dict[ItemKey, ItemState]:
        """Every item with a state, in one deck or (None) all, with its state."""
        sql = f"SELECT deck_id, card_id, part, {_STATE_COLUMNS} FROM items"
        rows = (
            self._conn.execute(sql + " WHERE deck_id = ?", (deck_id,))
            if deck_id is not None
            else self._conn.execute(sql)
        )
        return {ItemKey(r[0], r[1], r[2]): _state(r[3:]) for r in rows}

    @_reading
    def card_ids_with_state(self, deck_id: str) -> set[str]:
        """The ids of the deck's cards with at least one item answered (as stored)."""
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
                id=r[0],
                deck_id=r[1],
                card_id=r[2],
                part=r[3],
                card_type=r[4],
                shown_at=from_text(r[5]),
                reviewed_at=from_text(r[6]),
                correct=bool(r[7]),
                rating=r[8],
                elapsed=r[9],
                state_before=r[10],
                undone=bool(r[11]),
                content_hash=r[12],
                answer=r[13],
            )
            for r in rows
        ]

    @_reading
    def recent_ratings(self, last: int) -> list[RecentRating]:
        """The last `last` answers not undone, oldest first."""
        rows = self._conn.execute(
            "SELECT deck_id, card_id, part, state_before, rating FROM reviews WHERE undone = 0"
            " ORDER BY id DESC LIMIT ?",
            (last,),
        ).fetchall()
        return [
            RecentRating(ItemKey(deck_id, card_id, part), state_before, rating)
            for deck_id, card_id, part, state_before, rating in reversed(rows)
        ]

    @_reading
    def review_count(self) -> int:
        """Answers (not undone) in the log, over all decks."""
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
        """When the deck's latest answer (not undone) was given (None: never studied)."""
        row = self._conn.execute(
            "SELECT max(reviewed_at) FROM reviews WHERE deck_id = ? AND undone = 0", (deck_id,)
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None

    @_reading
    def renames(self) -> dict[tuple[str, str], str]:
        """(deck id, old card id) → new card id."""
        rows = self._conn.execute("SELECT deck_id, old_card_id, new_card_id FROM renames")
        return {(r[0], r[1]): r[2] for r in rows}

    def kept_answers(self, make: Callable[[ItemKey, int, datetime], _T]) -> Iterator[_T]:
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
                yield make(ItemKey(deck_id, card_id, part), rating, from_text(shown_at))
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as exc:
            raise read_error(self.path, exc) from exc
        except (ValueError, OverflowError) as exc:
            raise damaged(self.path, f"a value is not one studydeck writes: {exc}") from exc
