"""What the last sync did, kept in `<data folder>/hub-sync.json` for the home screen, and where
the pulled decks live. No psycopg here: the app reads this without loading the hub's driver."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studydeck.files import atomic_write

HUB_DECKS = "hub-decks"  # under the data folder: the published decks, as the app loads them
STATUS_NAME = "hub-sync.json"


def hub_decks_dir(data_dir: Path) -> Path:
    return data_dir / HUB_DECKS


@dataclass(frozen=True)
class SyncStatus:
    last_attempt: datetime
    last_success: datetime | None
    error: str | None  # why the last attempt failed; None: it worked
    updated: list[str] = field(default_factory=list)  # decks the last good sync brought


def note(
    data_dir: Path, now: datetime, error: str | None, *, updated: list[str] | None = None
) -> None:
    """Record an attempt: its error, or (error None) a success that brought `updated` decks."""
    previous = read_status(data_dir)
    success = now if error is None else (previous.last_success if previous else None)
    data: dict[str, Any] = {
        "last_attempt": now.astimezone(UTC).isoformat(),
        "last_success": success.astimezone(UTC).isoformat() if success else None,
        "error": error,
        "updated": updated or [],
    }
    path = data_dir / STATUS_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as tmp:
            tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass  # the status line is a courtesy; the sync itself is what counts


def read_status(data_dir: Path) -> SyncStatus | None:
    try:
        data = json.loads((data_dir / STATUS_NAME).read_text(encoding="utf-8"))
        success = data.get("last_success")
        updated = data.get("updated")
        return SyncStatus(
            datetime.fromisoformat(data["last_attempt"]),
            datetime.fromisoformat(success) if success else None,
            str(data["error"]) if data.get("error") else None,
            [str(u) for u in updated] if isinstance(updated, list) else [],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def status_line(status: SyncStatus | None, now: datetime) -> str:
    """The home screen's line about the class hub, in words."""
    if status is None:
        return "Class hub: not synced yet"
    if status.error:
        when = _ago(status.last_success, now) if status.last_success else "never"
        return f"Class hub: last sync failed ({status.error}); last good sync {when}"
    return f"Class hub: synced {_ago(status.last_success or status.last_attempt, now)}"


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''} ago"
