"""Opening checks: is the file ours, whole and sound, before SQLite is let at it; making one."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from studydeck.store.causes import open_error
from studydeck.store.damage import damaged
from studydeck.store.errors import _RESTORE, BUSY_TIMEOUT_S, ProgressFileError
from studydeck.store.schema import SCHEMA_VERSION, migrate

SYNCHRONOUS = "FULL"
_HEADER = b"SQLite format 3\x00"


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
