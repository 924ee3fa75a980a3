"""Issue 18, point 3: a restore never moves the progress file from under an open session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from study_support import T0, fill
from studydeck.store import ProgressFileError, open_store
from studydeck.store.backups import list_backups, restore_backup


def _with_backup(path: Path) -> Path:
    store = open_store(path, T0 - timedelta(days=1))
    fill(store, 3, at=T0 - timedelta(days=1))
    store.close()
    open_store(path, T0).close()  # today's backup
    return list_backups(path)[0].path


def test_restore_is_refused_while_a_session_has_the_file_open(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    backup = _with_backup(path)
    session = open_store(path, T0 + timedelta(hours=1))
    fill(session, 2, at=T0 + timedelta(hours=1))
    with pytest.raises(ProgressFileError) as refused:
        restore_backup(path, backup, T0 + timedelta(hours=2))
    assert "open in another studydeck" in refused.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "backups",
        "progress.sqlite3",
        "progress.sqlite3-shm",
        "progress.sqlite3-wal",
    ]
    fill(session, 10, at=T0 + timedelta(hours=3))  # the session's answers stay in the live file
    session.close()
    store = open_store(path, T0 + timedelta(hours=4))
    assert store.review_count() == 15
    store.close()
    assert restore_backup(path, backup, T0 + timedelta(hours=5)) is not None  # closed: done


def test_restore_is_refused_while_another_process_has_the_file_open(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    backup = _with_backup(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from datetime import datetime, UTC; from pathlib import Path;"
            "from studydeck.store import open_store;"
            "s = open_store(Path(sys.argv[1]), datetime.now(UTC)); print('open', flush=True);"
            "sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(ProgressFileError, match="open in another studydeck"):
            restore_backup(path, backup, T0 + timedelta(hours=2))
    finally:
        holder.communicate("")
    assert restore_backup(path, backup, T0 + timedelta(hours=3)) is not None


def test_a_file_replaced_under_a_session_takes_no_more_answers(tmp_path: Path) -> None:
    """Where nothing can lock (or the file is moved by hand), the session notices and stops."""
    path = tmp_path / "progress.sqlite3"
    _with_backup(path)
    session = open_store(path, T0 + timedelta(hours=1))
    os.rename(path, tmp_path / "aside.sqlite3")
    shutil.copy(tmp_path / "aside.sqlite3", path)
    with pytest.raises(ProgressFileError, match="was replaced"):
        fill(session, 1, at=T0 + timedelta(hours=2))
    session.close()
