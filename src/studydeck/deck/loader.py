"""Load deck files from disk: find them, read them safely, validate them."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from studydeck.deck.limits import DEFAULT_MAX_BYTES
from studydeck.deck.problems import Outcome, Problem

if TYPE_CHECKING:
    from studydeck.deck.models import Deck

# The parser and the models (pydantic) are imported by `check_bytes`, when a file is checked:
# `validate` and `stats` find the outcome of an unchanged file in the cache without them.

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadResult(Outcome):
    """One file's outcome: the deck when it has no errors, and every problem found."""

    path: Path
    deck: Deck | None
    problems: list[Problem] = field(default_factory=list)


def find_deck_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their deck files (recursively), keeping files as given.

    A folder that cannot be listed (no permission) is kept in the list, where its deck files
    would be: reading it then says why (see `read_deck_file`), where skipping it would leave
    "no deck files found" and nothing about the folder.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_deck_files_in(path))
        else:
            found.append(path)
    return found


def _deck_files_in(folder: Path) -> list[Path]:
    found: list[Path] = []

    def unlisted(error: OSError) -> None:
        found.append(Path(error.filename) if error.filename else folder)

    for parent, _, names in os.walk(folder, onerror=unlisted):
        for name in names:
            path = Path(parent, name)
            if path.suffix in DECK_SUFFIXES and _is_file(path):
                found.append(path)
    return sorted(found)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder listed but not entered (no x permission): reading it says why
        return True


def load_deck(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, shown_as: str | None = None
) -> LoadResult:
    """Read and validate one deck file; never raises for bad content."""
    raw = read_deck_file(path, max_bytes, shown_as)
    if isinstance(raw, LoadResult):
        return raw
    return check_bytes(path, raw, max_bytes, shown_as)


def read_deck_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, shown_as: str | None = None
) -> bytes | LoadResult:
    """The file's bytes, or the outcome when it is too large or cannot be read."""
    name = shown_as or str(path)
    try:
        # Opened without waiting: a FIFO (or a device) named *.yaml would block the read for
        # ever, and the app's loading with it. Only regular files are read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return _unreadable(path, name, exc)
    with os.fdopen(fd, "rb") as fh:
        return _read_open(path, name, fh, max_bytes)


def _read_open(path: Path, name: str, fh: BinaryIO, max_bytes: int) -> bytes | LoadResult:
    try:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            problem = Problem(
                name,
                1,
                1,
                "error",
                "not a regular file (a pipe, a device or a socket): it is not read",
                "give the path of a deck file",
                code="unreadable",
            )
            return LoadResult(path, None, [problem])
        size = st.st_size
        if size > max_bytes:  # reject before reading: never load a huge file just to refuse it
            problem = Problem(
                name,
                1,
                1,
                "error",
                f"the file is {size:,} bytes, over the limit of {max_bytes:,}",
                "split the deck into several files, or raise the limit with --max-bytes",
                code="too-large",
            )
            return LoadResult(path, None, [problem])
        return fh.read(max_bytes + 1)
    except OSError as exc:
        return _unreadable(path, name, exc)


def _unreadable(path: Path, name: str, exc: OSError) -> LoadResult:
    reason = exc.strerror or str(exc)
    if path.is_dir():  # a folder find_deck_files could not list
        message = f"cannot read the folder: {reason}"
        fix = "its deck files are not read: give yourself read access to it (chmod u+rx)"
        code = "unreadable-folder"
    else:
        message = f"cannot read the file: {reason}"
        fix = "check the path and its permissions"
        code = "unreadable"
    problem = Problem(name, 1, 1, "error", message, fix, code=code)
    return LoadResult(path, None, [problem])


def check_bytes(
    path: Path, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES, shown_as: str | None = None
) -> LoadResult:
    """Parse and validate a deck file's bytes (as read by `read_deck_file`)."""
    from studydeck.deck.validate import check_deck
    from studydeck.deck.yaml_reader import YamlProblem, read_yaml

    name = shown_as or str(path)
    try:
        read = read_yaml(raw, max_bytes)
    except YamlProblem as exc:
        problem = Problem(name, exc.line, exc.col, "error", exc.message, exc.fix, code="yaml")
        return LoadResult(path, None, [problem])
    deck, problems = check_deck(name, read)
    return LoadResult(path, deck, problems)


def load_decks(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[LoadResult]:
    return [load_deck(p, max_bytes) for p in find_deck_files(paths)]


def keep_for_the_session() -> None:
    """Call once the decks a session studies are loaded: they live as long as the process.

    `gc.freeze()` moves every object alive now out of the cyclic collector's scans. A loaded
    100,000-card library is ~500,000 objects; without this, the next full collection (which
    comes when the queue or a screen makes its own objects) walks them all: ~230 ms in the
    middle of building a queue. Collecting first leaves no garbage frozen for good.
    """
    gc.collect()
    gc.freeze()
