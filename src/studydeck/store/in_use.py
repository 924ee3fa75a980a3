"""Who has the progress file open: every open store holds a shared lock on it, and a restore
takes it exclusively, so a restore never moves the file from under an open session (whose next
answers would go to the file set aside).

The lock is `flock` on a descriptor of our own. SQLite locks the same file with POSIX record
locks, which on Linux and the BSDs are independent of `flock`, so the two never meet. The kernel
drops the lock when its process ends, even by kill -9: no stale lock file to clean up. Where
`fcntl` is missing (Windows) nothing is locked; `Store.writing` still sees a file replaced under
it (`replaced`) and saves nothing into the file set aside.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def hold(path: Path) -> int | None:
    """A descriptor of `path` holding the shared lock (None where nothing can be locked)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None  # the opening itself reports what is wrong with the file
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without flock: as on Windows
            fcntl.flock(fd, fcntl.LOCK_SH)  # waits only for a restore: milliseconds
    return fd


def replaced(path: Path, fd: int | None) -> bool:
    """Whether `path` no longer names the file `fd` was opened on (moved aside by a restore)."""
    if fd is None:
        return False
    try:
        now, held = os.stat(path), os.fstat(fd)
    except OSError:
        return True
    return (now.st_dev, now.st_ino) != (held.st_dev, held.st_ino)


@contextlib.contextmanager
def alone(path: Path) -> Iterator[bool]:
    """Hold `path` exclusively for the block; yields False when another studydeck has it open
    (nothing is held then). A missing file is nobody's."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        yield True
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
        yield True
    finally:
        os.close(fd)
