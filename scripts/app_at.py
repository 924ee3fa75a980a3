"""Open the study app as if it were another moment: for trying by hand what only days of study
show (an exam plan's days left and forecast, cards coming due), as the tests do with their clock.

    .venv/bin/python scripts/app_at.py 2027-01-08T09:00 [--data-dir DIR] [DECK…]

The app's clock starts at the moment given (UTC) and runs on from there. Everything else is
the real app on the real progress file (STUDYDECK_DATA_DIR or --data-dir: use a folder of your
own, never your real progress, since answers are saved with the moved time). Not a command of
studydeck: a helper for trying it.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studydeck.locations import bundled_decks_dir, progress_path
from studydeck.store import open_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("at", type=datetime.fromisoformat, help="the moment, e.g. 2027-01-08T09:00")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("paths", nargs="*", type=Path, metavar="DECK")
    args = parser.parse_args()
    at: datetime = args.at
    start = at if at.tzinfo else at.replace(tzinfo=UTC)
    began = time.monotonic()

    def clock() -> datetime:
        return start + timedelta(seconds=time.monotonic() - began)

    from studydeck.tui.app import make_app

    store = open_store(progress_path(args.data_dir), clock())
    try:
        app = make_app(None, store, clock, deck_paths=[bundled_decks_dir(), *args.paths])
        app.run()
    finally:
        store.close()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
