"""Issue 18, point 11: only regular files are read: a FIFO named *.yaml is refused in words
instead of blocking validate, study, stats and the app for ever."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
HUNG = 60  # seconds before a run counts as blocked (it answers at once)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [["validate", "--no-cache"], ["stats", "--no-cache"], ["study"], ["export", "-o", "x.csv"]],
)
def test_a_fifo_is_refused_at_once(fifo: Path, tmp_path: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studydeck", *command, str(fifo)],
        capture_output=True,
        text=True,
        timeout=HUNG,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    if command[0] != "export":  # export says "no such file": not a regular file either
        assert "pipe.yaml:1:1: error: not a regular file" in done.stdout + done.stderr
