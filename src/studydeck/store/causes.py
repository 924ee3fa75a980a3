"""What went wrong with the progress file, named by its cause: damage, tables of another schema,
a full disk, a file or folder that cannot be written. Each message says the real cause, so the
advice fits it ("Restore a backup" for damage only, never for a full disk)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from studydeck.store.damage import damaged
from studydeck.store.errors import ProgressFileError
from studydeck.store.schema import SCHEMA_VERSION

ROOM_NEEDED = 1024 * 1024  # free bytes below which the disk counts as full (WAL, shm: ~100 KB)


def other_schema(exc: sqlite3.Error) -> bool:
    """The file's tables are not the ones this studydeck's schema has (no disk problem)."""
    return str(exc).startswith(("no such column", "no such table", "table ", "index "))


def schema_error(path: Path, exc: sqlite3.Error) -> ProgressFileError:
    return ProgressFileError(
        path,
        f"the progress file's tables are not the ones studydeck (schema {SCHEMA_VERSION}) uses"
        f" ({exc})",
        "Another program or a changed studydeck altered it: restore a backup with"
        " `studydeck restore`, or use another --data-dir.",
    )


def open_error(path: Path, exc: sqlite3.Error) -> ProgressFileError:
    """Why the file could not be opened, named by its cause: SQLite keeps a journal beside the
    file, so a full disk or a folder that cannot be written stops even the opening."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    # a full disk meets SQLite first as an I/O error, when it makes the shared-memory file
    if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and disk_full(path)):
        return ProgressFileError(
            path,
            "the disk is full, so the progress file cannot be opened (nothing was changed)",
            "Free some disk space, then try again.",
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return ProgressFileError(
            path,
            f"the progress file or its folder cannot be written ({exc}); studydeck keeps its"
            " journal beside the file",
            "Check the permissions of the file and its folder, or use another --data-dir.",
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged(path, f"it cannot be opened: {exc}")
    if other_schema(exc):
        return schema_error(path, exc)
    return ProgressFileError(
        path, f"the progress file cannot be opened ({exc})", "Check the disk, then try again."
    )


def bad_text(exc: sqlite3.Error) -> bool:
    """A text column holding bytes that are not UTF-8: studydeck writes none, so damage."""
    return str(exc).startswith("Could not decode to UTF-8")


def disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < ROOM_NEEDED
    except OSError:
        return False
