"""`studydeck restore [BACKUP]`: list the progress file's daily backups, or put one back.

The file replaced is renamed aside (progress.sqlite3.before-restore-<time>), never deleted.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Without BACKUP, list the backups of the progress file (one a day, the "
        "last 7 kept). With BACKUP (a name from the list, its date, or a path), put it in place "
        "of the progress file, which is kept aside under a new name. Close studydeck first. "
        "Exit 0 when done, 1 on failure, 2 on a usage error.",
    )
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="backup name, date or path")


def run(args: argparse.Namespace) -> int:
    from studydeck.locations import progress_path
    from studydeck.store import ProgressFileError
    from studydeck.store.backups import check_backup, list_backups, restore_backup

    progress = progress_path(getattr(args, "data_dir", None))
    backups = list_backups(progress)
    if args.backup is None:
        if not backups:
            print(f"No backups of {progress} yet (one is made each day studydeck opens it).")
            return 0
        print(f"Backups of {progress}, newest first:")
        for b in backups:
            try:
                reviews = f"{check_backup(b.path):,} reviews"
            except ProgressFileError:
                reviews = "damaged"
            print(f"  {b.name}  {b.size:>10,} bytes  {reviews}")
        print("Restore one with: studydeck restore NAME")
        return 0
    chosen = next((b.path for b in backups if args.backup in (b.name, b.day.isoformat())), None)
    if chosen is None:
        chosen = Path(args.backup)
        if not chosen.is_file():
            print(
                f"studydeck restore: {args.backup}: no such backup; run `studydeck restore` "
                "to list them",
                file=sys.stderr,
            )
            return 2
    try:
        aside = restore_backup(progress, chosen, datetime.now(UTC))
    except (ProgressFileError, OSError) as exc:
        print(f"studydeck restore: {exc}", file=sys.stderr)
        return 1
    print(f"Restored {chosen} to {progress}.")
    if aside is not None:
        print(f"The file it replaced is kept as {aside}.")
    return 0
