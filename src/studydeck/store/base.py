"""What every part of a `Store` shares: the connection, what is kept beside it, and how a read
reports a damaged file."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from studydeck.store.damage import damaged
from studydeck.store.errors import read_error
from studydeck.store.schema import UNCOUNTED, count_logged

_ELAPSED_WINDOW = 200  # median_elapsed looks at the last this many answers of a card type

_P = ParamSpec("_P")
_R = TypeVar("_R")


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
            assert isinstance(store, _StoreBase)
            raise read_error(store.path, exc) from exc
        except (ValueError, OverflowError) as exc:  # a value studydeck never writes
            store = args[0]
            assert isinstance(store, _StoreBase)
            raise damaged(store.path, f"a value is not one studydeck writes: {exc}") from exc

    return wrapper


class _StoreBase:
    """The state of an open progress file that the parts of `Store` share (set up by
    `Store.__init__`)."""

    path: Path
    _conn: sqlite3.Connection
    _cur: sqlite3.Cursor
    warnings: list[str]
    _in_write: bool
    _times: dict[str, _Times]
    _seen_version: int
    _written: list[tuple[str, int, float]]
    _unwritten: list[int]
    _accepted: list[tuple[str, tuple[float, ...]]]
    _fits_version: int | None
    _written_version: int | None
    _in_use: int | None  # a descriptor holding the file's shared lock (in_use.py)

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
