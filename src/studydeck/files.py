"""Writing a file whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to. When the block ends normally the temporary
    file replaces `path` in one step, so a reader sees the old file or the new one, whole,
    never a half-written one; when it raises, the temporary file is removed and `path` is
    left as it was. The temporary name starts with a dot and holds the process id and a random
    part, so two writers never share one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):  # gone already (replaced), or cannot be removed
            tmp.unlink(missing_ok=True)
