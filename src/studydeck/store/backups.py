"""Rotating daily copies of the progress file, and putting one back.

A copy is taken with SQLite's backup API (a consistent snapshot even while another session writes),
at most one a day, and the newest `KEEP` are kept. Restoring never deletes the file it replaces:
that file is renamed aside, so a wrong restore can itself be undone by hand.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from studydeck.files import atomic_write
from studydeck.store.errors import ProgressFileError
from studydeck.store.in_use import alone
from studydeck.store.schema import SCHEMA_VERSION

KEEP = 7
_NAME = re.compile(r"^progress-(\d{4}-\d{2}-\d{2})\.sqlite3$")
# a copy being made (atomic_write's name: the maker's pid, then a random part), and its pid
_PARTIAL = re.compile(r"^\.progress-\d{4}-\d{2}-\d{2}\.sqlite3\.(\d{1,10})(?:\.[0-9a-f]+)?\.tmp$")
_SIDE_FILES = ("-wal", "-shm", ".damaged")  # store/damage.py SUFFIX


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def backups_dir(progress: Path) -> Path:
    return progress.parent / "backups"


def list_backups(progress: Path) -> list[Backup]:
    """The backups of `progress`, newest first."""
    folder = backups_dir(progress)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m and p.is_file():
            found.append(Backup(p, date.fromisoformat(m.group(1)), p.stat().st_size))
    return sorted(found, key=lambda b: b.day, reverse=True)


def _target(progress: Path, now: datetime) -> Path:
    return backups_dir(progress) / f"progress-{now.date().isoformat()}.sqlite3"


def backup_due(progress: Path, now: datetime) -> bool:
    """Whether `daily_backup` would copy the file now (today's copy, by UTC date, is missing)."""
    return not _target(progress, now).exists()


def daily_backup(conn: sqlite3.Connection, progress: Path, now: datetime) -> Path | None:
    """Copy the open database to backups/progress-<UTC date>.sqlite3 unless today's exists."""
    folder = backups_dir(progress)
    target = _target(progress, now)
    if target.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(folder)
    with atomic_write(target) as tmp:  # a half-written copy never carries a backup's name
        dst = sqlite3.connect(tmp)
        try:
            conn.backup(dst)
            # a single self-contained file: no -wal/-shm beside it when it is read later
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    for old in list_backups(progress)[KEEP:]:
        old.path.unlink()
    return target


def remove_stale_copies(folder: Path) -> list[Path]:
    """Delete the half-made copies of backups whose process is gone (killed while copying: each
    is as large as the progress file), and return them. A copy still being made by a live
    process is left alone."""
    removed = []
    for p in folder.iterdir():
        m = _PARTIAL.match(p.name)
        if m and not _alive(int(m.group(1))):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a number no process has): leave it be
    return True


def check_backup(path: Path) -> int:
    """Raise ProgressFileError unless `path` is a sound progress file; return its review count."""
    if not path.is_file():
        raise ProgressFileError(path, "no such backup", "Run `studydeck restore` to list them.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok" or not 1 <= version <= SCHEMA_VERSION:
                raise sqlite3.DatabaseError(result)
            return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ProgressFileError(
            path,
            f"this backup is damaged or not a studydeck progress file ({exc})",
            "Choose another backup.",
        ) from exc


def restore_backup(progress: Path, backup: Path, now: datetime) -> Path | None:
    """Put `backup` in place of `progress`; return where the replaced file was kept, if any.

    Refused while another studydeck has the file open (a session would keep writing to the
    file moved aside).
    """
    check_backup(backup)
    with alone(progress) as free:
        if not free:
            raise ProgressFileError(
                progress,
                "the progress file is open in another studydeck (a study session or a command)",
                "Close it, then restore again; nothing was changed.",
            )
        return _put_back(progress, backup, now)


def _put_back(progress: Path, backup: Path, now: datetime) -> Path | None:
    aside: Path | None = None
    if progress.exists():
        stamp = now.strftime("%Y%m%d-%H%M%S")
        aside = progress.with_name(f"{progress.name}.before-restore-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = progress.with_name(f"{progress.name}.before-restore-{stamp}-{n}")
        os.rename(progress, aside)
        for suffix in _SIDE_FILES:  # the WAL and a damage note belong to the file moved aside
            side = progress.with_name(progress.name + suffix)
            if side.exists():
                os.rename(side, aside.with_name(aside.name + suffix))
    progress.parent.mkdir(parents=True, exist_ok=True)
    tmp = progress.with_name(f".{progress.name}.{os.getpid()}.restore")
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.link(tmp, progress)  # never replaces a file that appeared meanwhile
    tmp.unlink()
    return aside
