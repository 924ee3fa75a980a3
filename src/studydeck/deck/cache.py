"""Checked deck files, remembered: `validate` and `stats` do not check a file again while its
bytes, and everything else the outcome depends on, are unchanged.

Checking a deck needs the deck models, and importing them (pydantic's dataclass machinery and
the models' schemas) takes longer than all the rest of a `validate` or `stats` run. So, like
Python's .pyc files or mypy's cache, the outcome of each check is kept in the user's cache
folder, one entry per deck file, and used only while its key is the same. The key is:

- a SHA-256 of the file's bytes: the file is read and hashed every time, never trusted by its
  modification time (copies, checkouts and quick saves keep or repeat those);
- the largest file accepted (`--max-bytes`);
- studydeck's version, and a hash of the checking code's sources (`studydeck/deck/*.py`: in a
  checkout the code changes while the version does not), the deck format version and the
  version of this entry layout;
- Python's version (its Unicode tables decide duplicate options; marshal's format), and the
  installed pydantic, pydantic-core and PyYAML, by their dist-info folders (the version is in
  the name; when it was installed, in the stat of its RECORD), found without importing them.

A check reads no other file (a deck names no media or includes), so no other file is keyed.
What an entry holds is what `validate` prints and `stats` counts: every problem (the file's
name is added when it is read back, so the entry serves any spelling of the path), and for a
deck without errors its id, title and, per card, the id, items, tags and previous ids.

An entry is written to a temporary file and renamed over the old one. It starts with the key and
a hash of its payload, so a damaged, truncated or foreign entry is noticed and ignored, and the
file is checked again. Nothing here is ever an error: an unreadable or unwritable cache folder
only means that every file is checked.

Entries are marshal data, read only once the payload's hash matches. The entry of a
100,000-card deck (3.1 MB) loads in ~45 ms, cards made into outlines; ~95 ms as JSON (the data
alone: 21 against 36 ms).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import marshal
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from studydeck import __version__
from studydeck.deck.limits import DEFAULT_MAX_BYTES
from studydeck.deck.loader import LoadResult, check_bytes, read_deck_file
from studydeck.deck.problems import Outcome, Place, Problem
from studydeck.files import atomic_write

if TYPE_CHECKING:
    from studydeck.deck.models import Deck

FORMAT_VERSION = 1  # the deck format the checker reads: models.FORMAT_VERSION (a test checks)
LAYOUT = 2  # of an entry; a change to what is stored changes this
_MAGIC = b"studydeck-check\n"
_DATA_MAGIC = b"studydeck-data\n\n"  # as long as _MAGIC: the same head layout
_DIGEST = 32  # bytes of a SHA-256
_HEAD = len(_MAGIC) + 2 * _DIGEST  # magic, key, payload hash
_DEPENDENCIES = (("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"), ("yaml", "pyyaml"))


class CardOutline(NamedTuple):
    """What `stats` needs of a card: its id, its items' keys, tags and previous ids."""

    id: str
    parts: tuple[str, ...]
    tags: tuple[str, ...]
    previous_ids: tuple[str, ...]

    def item_keys(self) -> list[str]:
        return list(self.parts)


# A card's stored tuple as a CardOutline: half the time of `CardOutline._make`, which checks
# the length in Python (the entry's hash already vouches for it).
_card_outline = functools.partial(tuple.__new__, CardOutline)


@dataclass(frozen=True)  # not slotted: the study layer ties its index to it by weak reference
class DeckOutline:
    """What `stats` needs of a deck, without the deck models."""

    id: str
    title: str
    cards: list[CardOutline]

    @classmethod
    def of(cls, deck: Deck) -> DeckOutline:
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one ("",) for all, etc.
        cards = [
            CardOutline(c.id, shared.setdefault(k, k), c.tags, c.previous_ids)
            for c, k in ((c, tuple(c.item_keys())) for c in deck.cards)
        ]
        return cls(deck.id, deck.title, cards)


@dataclass(frozen=True)
class Checked(Outcome):
    """One deck file's outcome: every problem, and the deck's outline when it has no errors."""

    path: Path
    problems: list[Problem]
    deck: DeckOutline | None


def check_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Checked:
    """Check one deck file, or find its unchanged outcome in the cache (`cache_dir`, by default
    the user's). With `use_cache` false the cache is neither read nor written."""
    raw = read_deck_file(path, max_bytes)
    if isinstance(raw, LoadResult):  # too large or unreadable: said without parsing anything
        return _checked(raw)
    if not use_cache:
        return _checked(check_bytes(path, raw, max_bytes))
    key = _key(raw, max_bytes)
    entry = _entry_path(path, cache_dir)
    found = _read(entry, key, path) if entry is not None else None
    if found is not None:
        return found
    checked = _checked(check_bytes(path, raw, max_bytes))
    if entry is not None:
        _write(entry, key, checked)
    return checked


def load_file(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, cache_dir: Path | None = None
) -> LoadResult:
    """`load_deck` for a study session: a file whose check is remembered is not checked again.

    Its problems come from the entry, and a deck without errors is made by the models from the
    parsed file (its data kept beside the entry: `_parsed`), without the checks that follow
    (their outcome is the entry's): the leak warnings give the cards the queue keeps apart
    (`remember_leak_pairs`). Any other file is checked, and its outcome remembered."""
    raw = read_deck_file(path, max_bytes)
    if isinstance(raw, LoadResult):
        return raw
    key = _key(raw, max_bytes)
    entry = _entry_path(path, cache_dir)
    found = _read(entry, key, path) if entry is not None else None
    if entry is None or found is None:
        result = check_bytes(path, raw, max_bytes)
        if entry is not None:
            _write(entry, key, _checked(result))
        return result
    if found.deck is None:
        return LoadResult(path, None, found.problems)
    from studydeck.deck.leaks import remember_leak_pairs
    from studydeck.deck.models import deck_from_data

    deck = deck_from_data(_parsed(raw, max_bytes, entry, key))
    pairs = [
        (p.card, p.other.card)
        for p in found.problems
        if p.code == "leak" and p.card is not None and p.other is not None
    ]
    remember_leak_pairs(deck, pairs)
    return LoadResult(path, deck, found.problems)


def _parsed(raw: bytes, max_bytes: int, entry: Path, key: bytes) -> Any:
    """The file's parsed data (as `read_yaml` gives it): kept beside its entry, under the same
    key, by the first session that parses it, for the next ones (a 10,000-card deck parses in
    ~330 ms, its marshal data loads in ~30). A file of its own: `validate` and `stats` do not
    read it, and a deck's entry stays small."""
    kept = entry.with_name(entry.name + "-data")
    try:
        with kept.open("rb") as fh:
            sealed = fh.read()
    except OSError:
        sealed = b""
    head, payload = sealed[:_HEAD], memoryview(sealed)[_HEAD:]
    if head == _DATA_MAGIC + key + hashlib.sha256(payload).digest():
        collecting = gc.isenabled()
        gc.disable()  # as in _read: many small objects at once
        try:
            return marshal.loads(payload)
        except Exception:  # a layout this code does not know: parse the file instead
            pass
        finally:
            if collecting:
                gc.enable()
    from studydeck.deck.yaml_reader import read_yaml

    data = read_yaml(raw, max_bytes).data
    try:
        dumped = marshal.dumps(data)
    except ValueError:  # a value marshal cannot hold: this file is parsed every time
        return data
    try:
        with atomic_write(kept) as tmp:
            tmp.write_bytes(b"".join((_DATA_MAGIC, key, hashlib.sha256(dumped).digest(), dumped)))
    except OSError:  # a read-only or full disk: the next session parses the file again
        pass
    return data


def _key(raw: bytes, max_bytes: int) -> bytes:
    """An entry's key: the file's bytes, the size limit and what the checker is."""
    return hashlib.sha256(
        b"%s\0%d\0%s" % (_setting(), max_bytes, hashlib.sha256(raw).digest())
    ).digest()


def _checked(result: LoadResult) -> Checked:
    outline = DeckOutline.of(result.deck) if result.deck is not None else None
    return Checked(result.path, result.problems, outline)


def _entry_path(path: Path, cache_dir: Path | None) -> Path | None:
    """Where the entry of this deck file is: one per file, named by its absolute path."""
    if cache_dir is None:
        from studydeck.locations import cache_dir as user_cache_dir

        try:
            cache_dir = user_cache_dir()
        except Exception:  # no home folder, say: then nothing is remembered
            return None
    name = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:32]
    return cache_dir / "checked-decks" / name


def _read(entry: Path, key: bytes, path: Path) -> Checked | None:
    """The entry's outcome if it is whole and its key is `key`; None otherwise."""
    try:
        with entry.open("rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if data[: len(_MAGIC)] != _MAGIC or data[len(_MAGIC) : len(_MAGIC) + _DIGEST] != key:
        return None
    payload = memoryview(data)[_HEAD:]
    if hashlib.sha256(payload).digest() != data[_HEAD - _DIGEST : _HEAD]:
        return None
    # A big deck's entry is hundreds of thousands of tuples: without the collector's passes
    # over them as they are made, it loads several times faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        problems, deck = marshal.loads(payload)
        name = str(path)
        found = [
            Problem(name, line, col, severity, message, fix, card, code, other and Place(*other))
            for line, col, severity, message, fix, card, code, other in problems
        ]
        outline = None
        if deck is not None:
            deck_id, title, cards = deck
            outline = DeckOutline(deck_id, title, list(map(_card_outline, cards)))
        return Checked(path, found, outline)
    except Exception:  # a layout this code does not know: check the file instead
        return None
    finally:
        if collecting:
            gc.enable()


def _write(entry: Path, key: bytes, checked: Checked) -> None:
    """Replace the entry atomically (a reader sees the old one or the new one, whole)."""
    problems = [
        (
            p.line,
            p.col,
            p.severity,
            p.message,
            p.fix,
            p.card,
            p.code,
            None if p.other is None else (p.other.card, p.other.line, p.other.file),
        )
        for p in checked.problems
    ]
    deck = checked.deck
    outline = None if deck is None else (deck.id, deck.title, [tuple(c) for c in deck.cards])
    payload = marshal.dumps((problems, outline))
    data = b"".join((_MAGIC, key, hashlib.sha256(payload).digest(), payload))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(entry) as tmp:
            tmp.write_bytes(data)
    except OSError:  # a read-only or full disk: the next run checks the file again
        pass


@functools.cache
def _setting() -> bytes:
    """What every entry's key holds besides the file: what the checker is and runs on."""
    parts = [
        f"layout {LAYOUT}",
        f"studydeck {__version__}",
        f"code {_code_hash()}",
        f"format {FORMAT_VERSION}",
        f"python {sys.version} marshal {marshal.version}",
        *(_installed(module, dist) for module, dist in _DEPENDENCIES),
    ]
    return "\n".join(parts).encode()


def _code_hash() -> str:
    """A hash of the sources of the checking code: the deck package's modules."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".py"))
        for name in names:
            digest.update(b"%s\0%s\0" % (name.encode(), (folder / name).read_bytes()))
    except OSError:
        return "unknown"
    return digest.hexdigest()


def _installed(module: str, dist: str) -> str:
    """An installed dependency, found without importing it: the names of its dist-info folders
    (the version is in them) and their times (another install of the same version changes
    them); the stat of its module file if it has no such folder beside it."""
    origin = _origin(module)
    if origin is None:
        return f"{dist} not found"
    site = Path(origin).parent.parent  # …/site-packages/pydantic/__init__.py
    try:
        marks = [site / n for n in sorted(os.listdir(site)) if _dist_of(n) == dist]
        stats = [(p.name, p.stat()) for p in marks or [Path(origin)]]
    except OSError:
        return f"{dist} {origin}"
    return " ".join([dist, *(f"{n} {st.st_mtime_ns} {st.st_size}" for n, st in stats)])


def _origin(module: str) -> str | None:
    loaded: Any = sys.modules.get(module)
    if loaded is not None:
        origin: str | None = getattr(loaded, "__file__", None)
        return origin
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec(module)
    return spec.origin if spec is not None else None


def _dist_of(folder: str) -> str | None:
    """The normalised distribution name of a `*.dist-info` or `*.egg-info` folder name."""
    stem, dot, kind = folder.rpartition(".")
    if not dot or kind not in ("dist-info", "egg-info"):
        return None
    return stem.split("-")[0].lower().replace("-", "_").replace(".", "_")
