"""Issue 18, point 16: the half-made copies of killed daily backups are removed by a later
opening; one being made by a live process is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from study_support import T0, fill
from studydeck.store import open_store
from studydeck.store.backups import backups_dir, list_backups


def test_copies_left_by_killed_backups_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    fill(store, 20)
    store.close()
    folder = backups_dir(path)
    folder.mkdir(exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process that is gone, as one killed during its backup
    day = (T0 + timedelta(days=1)).date().isoformat()
    left = folder / f".progress-{day}.sqlite3.{dead.pid}.tmp"
    left.write_bytes(path.read_bytes()[:8192])
    live = folder / f".progress-{day}.sqlite3.{os.getppid()}.tmp"  # its maker still runs
    live.write_bytes(b"being written")
    open_store(path, T0 + timedelta(days=1)).close()  # the day's backup
    assert not left.exists()
    assert live.exists()
    assert [b.day.isoformat() for b in list_backups(path)] == [day]
