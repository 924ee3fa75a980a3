"""Time one-review commits in WAL mode with synchronous=NORMAL and FULL.

    .venv/bin/python scripts/measure_synchronous.py [FOLDER] [COUNT]

FOLDER should be on the disk the progress file lives on (default: a temporary folder).
The figures are quoted in src/studydeck/store/store.py, where the choice is made.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studydeck.store import ItemState, Review, open_store


def measure(folder: Path, level: str, count: int) -> float:
    path = folder / f"sync-{level.lower()}.sqlite3"
    now = datetime(2025, 1, 1, tzinfo=UTC)
    store = open_store(path, now)
    store._conn.execute(f"PRAGMA synchronous = {level}")
    state = ItemState("review", None, 5.0, 5.0, now + timedelta(days=5), now, 1, 0)
    start = time.perf_counter()
    for i in range(count):
        with store.writing():
            store.insert_review(
                Review(
                    "d",
                    f"c{i}",
                    "",
                    "basic",
                    "h",
                    now,
                    now,
                    None,
                    True,
                    3,
                    None,
                    False,
                    2.0,
                    "review",
                    state,
                )
            )
            store.put_state(("d", f"c{i}", ""), state)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed / count * 1000


def main() -> None:
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else None) as tmp:
        for level in ("OFF", "NORMAL", "FULL", "EXTRA"):
            ms = measure(Path(tmp), level, count)
            print(f"synchronous={level:<6} {ms:7.3f} ms per committed review ({count} reviews)")


if __name__ == "__main__":
    main()
