"""Issue 18, point 17: a folder the user cannot read is reported as such (permission denied,
naming the folder) by validate, stats, study and the app's deck loading, where it used to be
"no *.yaml files found" or nothing at all.

The commands run in processes of their own, held to the folder's permissions. Tests run as root
in CI, and root reads a folder whatever its mode: there, the child runs without the two
capabilities that let root pass permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so it is
refused like any user; `setpriv` (util-linux) drops them. (`runuser -u nobody` would do as
well, but nobody cannot run an interpreter kept under /root, as the venv's often is.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

DECK = """\
studydeck: 1
id: locked-away
title: Locked away
cards:
  - {id: c1, type: basic, front: Capital of Armenia?, back: Yerevan}
"""

_NO_DAC = "-dac_override,-dac_read_search"


def _held_to_permissions(command: list[str]) -> list[str]:
    """`command` as a user held to file permissions: itself, unless run by root."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", f"--bounding-set={_NO_DAC}", f"--inh-caps={_NO_DAC}", "--", *command]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _held_to_permissions([sys.executable, *args]),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a good deck, with mode 000 (opened again afterwards, to be removed)."""
    folder = tmp_path / "decks" / "locked"
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(DECK, encoding="utf-8")
    folder.chmod(0)
    try:
        # the setup holds: the commands' processes cannot list the folder, but can reach it
        listing = _run("-c", "import os, sys; os.listdir(sys.argv[1])", str(folder))
        assert "PermissionError" in listing.stderr, listing.stderr
        reaching = _run("-c", "import os, sys; os.stat(sys.argv[1])", str(folder))
        assert reaching.returncode == 0, reaching.stderr
        yield folder
    finally:
        folder.chmod(0o700)


def _said(folder: Path) -> str:
    return (
        f"{folder}:1:1: error: cannot read the folder: Permission denied — its deck files are"
        " not read: give yourself read access to it (chmod u+rx)"
    )


def test_validate_names_an_unreadable_folder(locked: Path) -> None:
    done = _run("-m", "studydeck", "validate", "--no-cache", str(locked))
    assert done.stdout.splitlines()[0] == _said(locked)  # was: no *.yaml or *.yml files found
    assert done.returncode == 1


def test_validate_names_an_unreadable_folder_inside_the_one_given(locked: Path) -> None:
    """It was skipped without a word: the other decks were checked and all said valid."""
    (locked.parent / "open.yaml").write_text(DECK.replace("locked-away", "open"), "utf-8")
    done = _run("-m", "studydeck", "validate", "--no-cache", str(locked.parent))
    assert done.stdout.splitlines()[0] == _said(locked)
    assert "2 files: 1 valid (1 card), 1 error, 2 warnings" in done.stderr
    assert done.returncode == 1


def test_stats_names_an_unreadable_folder(locked: Path) -> None:
    done = _run("-m", "studydeck", "stats", str(locked))
    assert done.stderr.splitlines()[0] == _said(locked)
    assert done.returncode == 1


def test_study_names_an_unreadable_folder(locked: Path) -> None:
    done = _run("-m", "studydeck", "study", "--plain", str(locked))
    assert done.stderr.splitlines()[0] == _said(locked)  # was: no *.yaml or *.yml deck files
    assert done.returncode == 1


_APP = """\
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from textual.widgets import Static
from studydeck.store import open_store
from studydeck.tui.app import make_app

async def main() -> None:
    now = datetime(2025, 3, 10, 12, tzinfo=UTC)
    store = open_store(Path(sys.argv[1]), now)
    app = make_app([], store, lambda: now, deck_paths=[Path(sys.argv[2])], cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = app.screen.query_one("#problems", Static)
        print(problems.visual if problems.display else "(no problems shown)")
    store.close()

asyncio.run(main())
"""


def test_the_apps_home_screen_names_an_unreadable_folder(locked: Path, tmp_path: Path) -> None:
    """The real app, through Textual's pilot, in a process held to the folder's permissions."""
    done = _run("-c", _APP, str(tmp_path / "progress.sqlite3"), str(locked))
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())  # as wrapped on the screen's width
    assert shown == f"{locked}: cannot read the folder: Permission denied."
