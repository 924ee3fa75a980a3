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

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from studydeck.store.backups import backup_due, daily_backup
from studydeck.store.base import _Times
from studydeck.store.causes import disk_full, open_error
from studydeck.store.checks import SYNCHRONOUS as SYNCHRONOUS
from studydeck.store.checks import (
    _check_contents,
    _check_header,
    _check_integrity,
    _connect,
    _create,
)
from studydeck.store.choice_methods import _Choices
from studydeck.store.damage import check_not_noted, damaged
from studydeck.store.errors import BUSY_TIMEOUT_S as BUSY_TIMEOUT_S
from studydeck.store.errors import ProgressFileError as ProgressFileError
from studydeck.store.errors import read_error as read_error
from studydeck.store.fits import _Fits
from studydeck.store.in_use import hold
from studydeck.store.queries import _QueueAndStats
from studydeck.store.reading import _Reading
from studydeck.store.rows import ItemState as ItemState
from studydeck.store.rows import LoggedReview as LoggedReview
from studydeck.store.rows import RecallRow as RecallRow
from studydeck.store.rows import Review as Review
from studydeck.store.rows import SavedFit as SavedFit
from studydeck.store.rows import StateRow as StateRow
from studydeck.store.schema import migrate
from studydeck.store.writing import _AnswerWriting, _Writing

# The names imported `as` themselves above lived here before the store was split in parts; they
# can still be imported from here.


class Store(_Choices, _AnswerWriting, _Reading, _QueueAndStats, _Fits):
    """An open progress file. Build it with `open_store`. Its parts, by job: writing answers
    (writing.py), reading items and the log (reading.py), the queue's and the stats' figures
    (queries.py), the fitted parameters (fits.py), the learner's choices of leeches and exam
    plans (choice_methods.py); opening checks in checks.py."""

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
