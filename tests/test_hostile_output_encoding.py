"""Issue 18, point 13: output the terminal's encoding cannot show degrades, never crashes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HOSTILE = Path(__file__).parent / "hostile"


def _ascii_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run(
        [sys.executable, "-m", "studydeck", *args],
        capture_output=True,
        encoding="ascii",
        errors="strict",  # the output itself must be ASCII: what the terminal can show
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_validate_under_an_ascii_locale_degrades(tmp_path: Path) -> None:
    done = _ascii_run("validate", "--no-cache", str(HOSTILE / "number-nan.yaml"), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "no `source` \\u2014 add `source:`" in done.stdout


def test_a_report_under_an_ascii_locale_degrades(tmp_path: Path) -> None:
    text = (HOSTILE / "export-good.json").read_text(encoding="utf-8")
    export = tmp_path / "learner.json"
    export.write_text(text.replace("How many members?", "Wo liegt München?"), encoding="utf-8")
    # the CSV has every item's prompt (the text report lists items with 5 learners or more)
    done = _ascii_run("report", str(export), "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Wo liegt M\\xfcnchen?" in done.stdout
