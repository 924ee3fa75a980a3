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
import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studydeck.store.backups import daily_backup
from studydeck.store.errors import ProgressFileError
from studydeck.store.schema import SCHEMA_VERSION, migrate
from studydeck.store.times import from_text, to_text

BUSY_TIMEOUT_S = 5.0
SYNCHRONOUS = "FULL"
_HEADER = b"SQLite format 3\x00"
_RESTORE = "Restore a backup with `studydeck restore`, or move the file away to start afresh."

Key = tuple[str, str, str]  # deck id, card id, part


@dataclass(frozen=True)
class ItemState:
    """One item's scheduling state (an item without a row is new)."""

    state: str  # learning | review | relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


@dataclass(frozen=True)
class Review:
    """One answer, as appended to the log."""

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

    def __init__(self, path: Path, conn: sqlite3.Connection, warnings: list[str]) -> None:
        self.path = path
        self._conn = conn
        self.warnings = warnings  # things the learner should know that did not stop the opening
        self._in_write = False

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction: committed on leaving, rolled back on any error."""
        if self._in_write:
            raise RuntimeError("write transactions do not nest")
        self._in_write = True
        try:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise write_error(self.path, exc) from exc
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise write_error(self.path, exc) from exc
                raise
        finally:
            self._in_write = False

    def insert_review(self, r: Review) -> int:
        a = r.after
        cur = self._conn.execute(
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
                to_text(r.shown_at),
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
                to_text(a.due),
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def put_state(self, key: Key, state: ItemState | None) -> None:
        """Set an item's state; None makes it new again (after undoing its first answer)."""
        if state is None:
            self._conn.execute("DELETE FROM items WHERE deck_id=? AND card_id=? AND part=?", key)
            return
        self._conn.execute(
            "INSERT OR REPLACE INTO items (deck_id, card_id, part, state, step, stability,"
            " difficulty, due, last_review, reps, lapses) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                *key,
                state.state,
                state.step,
                state.stability,
                state.difficulty,
                to_text(state.due),
                to_text(state.last_review) if state.last_review else None,
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

    def item_state(self, key: Key) -> ItemState | None:
        row = self._conn.execute(
            "SELECT state, step, stability, difficulty, due, last_review, reps, lapses"
            " FROM items WHERE deck_id=? AND card_id=? AND part=?",
            key,
        ).fetchone()
        return _state(row) if row else None

    def states(self, deck_id: str | None = None) -> dict[Key, ItemState]:
        sql = (
            "SELECT deck_id, card_id, part, state, step, stability, difficulty, due,"
            " last_review, reps, lapses FROM items"
        )
        rows = (
            self._conn.execute(sql + " WHERE deck_id = ?", (deck_id,))
            if deck_id is not None
            else self._conn.execute(sql)
        )
        return {(r[0], r[1], r[2]): _state(r[3:]) for r in rows}

    def card_ids_with_state(self, deck_id: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT DISTINCT card_id FROM items WHERE deck_id = ?", (deck_id,)
        )
        return {r[0] for r in rows}

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

    def review_count(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM reviews WHERE undone = 0").fetchone()[0]
        )

    def median_elapsed(self, card_type: str, last: int = 200, minimum: int = 5) -> float | None:
        """The learner's median answer time for a card type (None until `minimum` answers)."""
        rows = self._conn.execute(
            "SELECT elapsed FROM reviews WHERE card_type = ? AND undone = 0"
            " ORDER BY id DESC LIMIT ?",
            (card_type, last),
        ).fetchall()
        if len(rows) < minimum:
            return None
        times = sorted(r[0] for r in rows)
        mid = len(times) // 2
        return float(times[mid]) if len(times) % 2 else (times[mid - 1] + times[mid]) / 2

    def last_studied(self, deck_id: str) -> datetime | None:
        row = self._conn.execute(
            "SELECT max(reviewed_at) FROM reviews WHERE deck_id = ? AND undone = 0", (deck_id,)
        ).fetchone()
        return from_text(row[0]) if row and row[0] else None

    def renames(self) -> dict[tuple[str, str], str]:
        """(deck id, old card id) → new card id."""
        rows = self._conn.execute("SELECT deck_id, old_card_id, new_card_id FROM renames")
        return {(r[0], r[1]): r[2] for r in rows}


def _state(row: tuple[object, ...] | sqlite3.Row) -> ItemState:
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return ItemState(
        state=str(state),
        step=step if isinstance(step, int) else None,
        stability=float(stability) if isinstance(stability, int | float) else None,
        difficulty=float(difficulty) if isinstance(difficulty, int | float) else None,
        due=from_text(str(due)),
        last_review=from_text(str(last_review)) if last_review else None,
        reps=int(str(reps)),
        lapses=int(str(lapses)),
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
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return ProgressFileError(path, f"the progress file is damaged ({exc})", _RESTORE)
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
    # SQLite replays the WAL: with a WAL present, leave that judgement to the integrity check
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if size_valid and not wal_pending and pages * page_size > st.st_size:
        raise ProgressFileError(
            path,
            f"the progress file was cut short ({st.st_size:,} of {pages * page_size:,} bytes)",
            _RESTORE,
        )


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    return conn


def _check_contents(path: Path, conn: sqlite3.Connection) -> int:
    """Return the schema version after checking the file reads whole and is ours."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise ProgressFileError(
            path, f"the progress file is damaged and cannot be read ({exc})", _RESTORE
        ) from exc
    if problems != ["ok"]:
        raise ProgressFileError(
            path, f"the progress file is damaged ({'; '.join(problems)})", _RESTORE
        )
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


def open_store(path: Path, now: datetime) -> Store:
    """Open (or create) the progress file at `path`; raise ProgressFileError if unusable.

    A damaged file is reported and left byte for byte as it was: never recreated or repaired.
    """
    path = Path(path)
    existed = path.exists() or path.is_symlink()
    if not existed:
        _create(path)
    _check_header(path)
    warnings: list[str] = []
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise ProgressFileError(
            path, f"the progress file cannot be opened ({exc})", _RESTORE
        ) from exc
    try:
        version = _check_contents(path, conn)
        if existed and version > 0:
            try:  # before any migration, so an upgrade that goes wrong can be undone
                daily_backup(conn, path, now)
            except (OSError, sqlite3.Error) as exc:
                warnings.append(f"today's backup of {path} could not be made: {exc}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        except sqlite3.Error as exc:
            raise write_error(path, exc) from exc
    except BaseException:
        conn.close()
        raise
    return Store(path, conn, warnings)


def memory_store(path: Path) -> Store:
    """An empty store in memory, named after `path`: figures for a learner with no file yet,
    without creating one."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    return Store(path, conn, [])
