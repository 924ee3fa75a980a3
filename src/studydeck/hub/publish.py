"""`hub publish DECK…`: put validated deck files in the hub for the class to pull.

A deck's version is the sha256 of its file's bytes: publishing the newest version again is a
no-op, changed bytes a new version (the newest is what learners pull). A file with errors is
refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from studydeck.deck.loader import load_deck
from studydeck.hub.connect import Connection
from studydeck.hub.schema import require_version


@dataclass(frozen=True)
class Published:
    path: Path
    deck_id: str
    version_hash: str
    new: bool  # False: this exact version was already published


class PublishError(Exception):
    """A deck file cannot be published; the message says why (with file:line:col)."""


def publish(conn: Connection, paths: list[Path]) -> list[Published]:
    """Validate every file first; publish them all in one transaction, or none."""
    require_version(conn)
    checked: list[tuple[Path, str, str, str, str]] = []
    for path in paths:
        result = load_deck(path)
        if result.deck is None:
            lines = [str(p) for p in result.errors]
            raise PublishError(f"{path} has errors, nothing was published:\n" + "\n".join(lines))
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PublishError(f"{path}: not UTF-8 text, nothing was published") from None
        checked.append(
            (path, result.deck.id, result.deck.title, hashlib.sha256(raw).hexdigest(), content)
        )
    ids = [deck_id for _, deck_id, *_ in checked]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise PublishError(f"several files have the deck id {', '.join(twice)}: publish one")
    out: list[Published] = []
    with conn.transaction():
        for path, deck_id, title, version, content in checked:
            latest = conn.execute(
                "SELECT version_hash FROM studydeck.decks WHERE deck_id = %s"
                " ORDER BY published_at DESC LIMIT 1",
                (deck_id,),
            ).fetchone()
            if latest and latest[0] == version:
                out.append(Published(path, deck_id, version, False))
                continue
            # an older version published again becomes the newest again
            conn.execute(
                "INSERT INTO studydeck.decks (deck_id, version_hash, title, content)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (deck_id, version_hash) DO UPDATE"
                " SET published_at = clock_timestamp(), published_by = current_user",
                (deck_id, version, title, content),
            )
            out.append(Published(path, deck_id, version, True))
    return out
