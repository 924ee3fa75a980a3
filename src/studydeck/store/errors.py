"""The one error the progress file raises: what happened to which file, and what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class ProgressFileError(Exception):
    """The progress file cannot be used. It is left exactly as it was found."""

    def __init__(self, path: Path, message: str, advice: str, *, damaged: bool = False) -> None:
        self.path = path
        self.message = message
        self.advice = advice
        self.damaged = damaged  # the file's content is damaged (not the disk, the rights, a lock)
        super().__init__(f"{path}: {message}. {advice}")


BUSY_TIMEOUT_S = 5.0
_RESTORE = "Restore a backup with `studydeck restore`, or move the file away to start afresh."


def read_error(path: Path, exc: sqlite3.Error) -> ProgressFileError:
    """Turn an SQLite error during a read into words for the learner."""
    # imported here: damage.py and causes.py build on ProgressFileError, defined above
    from studydeck.store.causes import bad_text, other_schema, schema_error
    from studydeck.store.damage import damaged

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
    from studydeck.store.causes import bad_text, other_schema, schema_error
    from studydeck.store.damage import damaged

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
