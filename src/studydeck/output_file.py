"""One check before a command writes a file the user named (`export -o`, `report --html`,
`import -o`): never onto a folder, never onto one of the command's own inputs, and never over an
existing file without `--force`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def output_problem(out: Path, inputs: Iterable[Path], *, force: bool) -> str | None:
    """Why `out` must not be written (a sentence for the user), or None when it may be."""
    if out.is_dir():
        return f"{out} is a folder; give a file name inside it"
    if not out.parent.is_dir():
        return f"{out.parent}: no such folder"
    if out.exists() or out.is_symlink():
        if any(_same_file(out, given) for given in inputs):
            return f"{out} is also an input of this command; write to another file"
        if not force:
            return f"{out} already exists; choose another name or add --force"
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them is missing or unreadable: compare the names as resolved
        return a.resolve() == b.resolve()
