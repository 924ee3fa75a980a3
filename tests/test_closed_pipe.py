"""Every command stops quietly when the reader of its output goes away (`… | head`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studydeck.locations import bundled_decks_dir


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "json", "{decks}"],
        ["progress", "export"],
        ["stats", "--json"],
        ["schema"],
    ],
)
def test_a_closed_pipe_ends_the_command_without_a_traceback(
    tmp_path: Path, args: list[str]
) -> None:
    decks = str(bundled_decks_dir())
    command = [sys.executable, "-m", "studydeck", "--data-dir", str(tmp_path / "data")]
    # a progress file with an answer in it (plain mode: the flashcard or question, rated)
    study = [*command, "study", "csto-members", "--plain"]
    subprocess.run(study, input=b"1\n\n", capture_output=True, check=True, timeout=60)
    proc = subprocess.Popen(
        command + [a.format(decks=decks) for a in args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert code == 141
