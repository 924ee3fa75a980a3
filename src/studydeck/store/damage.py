"""Damage, once found, stays found: a note beside the progress file stops every later write.

The whole file is checked only at the first opening of a day (store.py's `open_store`): damage
that comes later is met by whichever read or write touches it, maybe in another command (`stats`)
while a session in another terminal goes on answering into the damaged file, whose answers a
restore would then drop. So the first to meet damage leaves `progress.sqlite3.damaged` beside the
file, with what was found; every opening refuses the file while the note is there, and every
write transaction looks for it before it writes. `studydeck restore` moves the note aside with
the file it belongs to.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from studydeck.store.errors import ProgressFileError

SUFFIX = ".damaged"
RESTORE = "Restore a backup with `studydeck restore`, or move the file away to start afresh."


def note_path(progress: Path) -> Path:
    return progress.with_name(progress.name + SUFFIX)


def damaged(progress: Path, detail: str) -> ProgressFileError:
    """The error for damage found in `progress` (`detail`: what was found), noted beside it."""
    message = f"the progress file is damaged ({detail})"
    with contextlib.suppress(OSError):  # a folder we cannot write: the error still says it
        note_path(progress).write_text(message + "\n", encoding="utf-8")
    return ProgressFileError(progress, message, RESTORE, damaged=True)


def check_not_noted(progress: Path) -> None:
    """Raise the learner's error if damage was noted in `progress` earlier (by any process)."""
    note = note_path(progress)
    try:
        found = note.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return
    except OSError as exc:
        found = f"the note {note} could not be read: {exc.strerror}"
    raise ProgressFileError(
        progress,
        f"damage was found in the progress file earlier, so nothing more is written to it"
        f" ({found or 'no details'})",
        f"{RESTORE} If you repaired the file yourself, delete {note}.",
        damaged=True,
    )
