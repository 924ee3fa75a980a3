"""No test touches the user's own folders: every test gets temporary data, cache and config
folders from the autouse fixture in conftest.py."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studydeck import locations
from studydeck.store.store import open_store

# The user's own home from the password database: the tests' fixture moves $HOME, not this.
REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)


def _files_under(folder: Path) -> dict[Path, float]:
    if not folder.is_dir():
        return {}
    return {path: path.stat().st_mtime for path in folder.rglob("*") if path.is_file()}


def test_the_folders_a_test_sees_are_temporary(tmp_path: Path) -> None:
    temp_root = Path(os.environ["STUDYDECK_DATA_DIR"]).parent
    for folder in (locations.data_dir(), locations.cache_dir(), locations.config_dir()):
        assert folder.is_relative_to(temp_root), folder
        assert not folder.is_relative_to(REAL_HOME)


def test_a_command_that_writes_a_backup_leaves_the_real_folders_untouched() -> None:
    # `stats` opens the progress file and makes the day's backup: the command that once wrote
    # into ~/.local/share/studydeck from a test that did not redirect its data folder.
    real = [
        REAL_HOME / ".local" / "share" / "studydeck",
        REAL_HOME / ".cache" / "studydeck",
        REAL_HOME / ".config" / "studydeck",
    ]
    before = [_files_under(folder) for folder in real]
    progress = locations.progress_path()
    progress.parent.mkdir(parents=True)
    open_store(progress, datetime.now(UTC) - timedelta(days=2)).close()
    done = subprocess.run(
        [sys.executable, "-m", "studydeck", "stats"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert [_files_under(folder) for folder in real] == before
    assert any((locations.data_dir() / "backups").iterdir())  # today's backup, in the temp folder
