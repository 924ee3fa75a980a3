"""Checks across deck files: `validate` given several files reports a card of one deck that
gives away the answer of a card of another (a learner studying everything due meets both),
and a card id used in two decks (a card copied rather than moved).

Like each file's own outcome (deck/cache.py), the outcome for a set of files is remembered
in the cache folder, keyed by what the checker is and by every file's path and bytes, so that
`validate` on unchanged decks still starts without loading the deck models.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
from collections.abc import Sequence
from pathlib import Path

from studydeck.deck.cache import _setting as checker_setting
from studydeck.deck.loader import LoadResult, read_deck_file
from studydeck.deck.problems import Place, Problem
from studydeck.files import atomic_write

_MAGIC = b"studydeck-across\n"
_DIGEST = 32


def check_across(
    files: Sequence[Path],
    max_bytes: int,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> list[Problem]:
    """The problems between the valid decks among `files` (in the order of the files)."""
    raws: list[bytes] = []
    for path in files:
        raw = read_deck_file(path, max_bytes)
        if isinstance(raw, LoadResult):
            return []  # unreadable or too large: its own outcome says so
        raws.append(raw)
    key = hashlib.sha256(checker_setting() + b"\0%d" % max_bytes)
    for path, raw in zip(files, raws, strict=True):
        key.update(b"\0%s\0%s" % (os.fsencode(os.path.abspath(path)), hashlib.sha256(raw).digest()))
    entry = _entry_path(key.hexdigest(), cache_dir) if use_cache else None
    rows = _read(entry, key.digest()) if entry is not None else None
    if rows is None:
        rows = _check(files, raws, max_bytes)
        if entry is not None:
            _write(entry, key.digest(), rows)
    try:
        return [_problem(row, files) for row in rows]
    except Exception:  # an entry of a layout this code does not know
        return [_problem(row, files) for row in _check(files, raws, max_bytes)]


# A problem as remembered: file numbers instead of names (an entry serves any spelling of the
# paths), and the other file's name in the message as _FILE.
_Row = tuple[int, int, int, str, str, str, str, str, tuple[str, int, int]]
_FILE = "\x00file\x00"


def _problem(row: _Row, files: Sequence[Path]) -> Problem:
    n, line, col, severity, message, fix, card, code, (other, other_line, other_n) = row
    other_file = str(files[other_n])
    return Problem(
        str(files[n]),
        line,
        col,
        "warning" if severity == "warning" else "error",
        message.replace(_FILE, other_file),
        fix,
        card,
        code,
        Place(other, other_line, other_file),
    )


def _check(files: Sequence[Path], raws: list[bytes], max_bytes: int) -> list[_Row]:
    from studydeck.deck.leaks import describe_place, find_leaks
    from studydeck.deck.models import Card
    from studydeck.deck.validate import check_deck, position
    from studydeck.deck.yaml_reader import YamlProblem, read_yaml

    cards: list[Card] = []
    owner: list[int] = []  # per card: its file's number
    reads = []
    for n, (path, raw) in enumerate(zip(files, raws, strict=True)):
        try:
            read = read_yaml(raw, max_bytes)
        except YamlProblem:
            read = None
        deck = check_deck(str(path), read)[0] if read is not None else None
        reads.append(read)
        if deck is not None:
            cards += deck.cards
            owner += [n] * len(deck.cards)
    first: dict[int, int] = {}  # file number → the number of its first card
    for k in range(len(cards)):
        first.setdefault(owner[k], k)

    def where(k: int, *path: str | int) -> tuple[int, int]:
        read = reads[owner[k]]
        assert read is not None
        return position(read, ("cards", k - first[owner[k]], *path))

    rows: list[_Row] = []
    for leak in find_leaks(cards, owner):
        a, b = leak.card, leak.other
        if owner[a] == owner[b]:
            continue  # the file's own check reports it
        line, col = where(a, *leak.path)
        other_line = where(b)[0]
        rows.append(
            (
                owner[a],
                line,
                col,
                "warning",
                f"{describe_place(leak.path)} gives away the answer of card {cards[b].id} in "
                f"{_FILE} (line {other_line}): {json.dumps(leak.answer, ensure_ascii=False)}",
                "reword one of the two cards so the answer is not shown (a relation cannot "
                "span decks)",
                cards[a].id,
                "leak",
                (cards[b].id, other_line, owner[b]),
            )
        )
    seen: dict[str, int] = {}
    for k, card in enumerate(cards):
        j = seen.setdefault(card.id, k)
        if owner[j] != owner[k]:
            other_line = where(j)[0]
            line, col = where(k, "id")
            rows.append(
                (
                    owner[k],
                    line,
                    col,
                    "warning",
                    f"card id `{card.id}` is also a card of {_FILE} (line {other_line})",
                    "a card copied into two decks is studied twice: keep it in one deck, or "
                    "give the two different questions and ids",
                    card.id,
                    "same-id",
                    (card.id, other_line, owner[j]),
                )
            )
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return rows


def _entry_path(name: str, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        from studydeck.locations import cache_dir as user_cache_dir

        try:
            cache_dir = user_cache_dir()
        except Exception:  # no home folder, say: then nothing is remembered
            return None
    return cache_dir / "checked-sets" / name[:32]


def _read(entry: Path, key: bytes) -> list[_Row] | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 2 * _DIGEST
    if data[: len(_MAGIC)] != _MAGIC or data[len(_MAGIC) : len(_MAGIC) + _DIGEST] != key:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[head - _DIGEST : head]:
        return None
    try:
        rows: list[_Row] = marshal.loads(payload)
    except Exception:  # damaged beyond its hash: check again
        return None
    return rows


def _write(entry: Path, key: bytes, rows: list[_Row]) -> None:
    """Replace the entry atomically (a reader sees the old one or the new one, whole)."""
    payload = marshal.dumps(rows)
    data = b"".join((_MAGIC, key, hashlib.sha256(payload).digest(), payload))
    with contextlib.suppress(OSError):  # a cache: not kept this time, checked again next time
        entry.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(entry) as tmp, tmp.open("xb") as fh:
            fh.write(data)
