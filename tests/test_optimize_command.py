"""`studydeck optimize`: fits on the progress file, says what changed, --dry-run saves nothing,
too few reviews and unusable files are explained; `studydeck stats` says which parameters are
in use."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fit_support import simulate
from study_support import basic, write_deck
from studydeck.cli import main
from studydeck.store import open_store
from studydeck.study.optimizer import MIN_REVIEWS


def _progress(tmp_path: Path, days: int = 60) -> Path:
    """A data folder whose progress file holds `days` days of a simulated learner's answers,
    ending now (the command reads the real clock)."""
    data = tmp_path / "data"
    start = datetime.now(UTC) - timedelta(days=days + 1)
    with open_store(data / "progress.sqlite3", start) as store:
        simulate(store, cards=150, days=days, start=start)
    return data


def _numbers(pattern: str, line: str) -> list[float]:
    found = re.fullmatch(pattern, line)
    assert found is not None, line
    return [float(g.replace(",", "")) for g in found.groups()]


def _fits(data: Path) -> list[tuple[bool, int]]:
    with open_store(data / "progress.sqlite3", datetime.now(UTC)) as store:
        return [(f.accepted, f.reviews) for f in store.fits()]


def test_fits_saves_and_stats_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _progress(tmp_path)
    assert main(["--data-dir", str(data), "optimize"]) == 0
    out = capsys.readouterr().out.splitlines()
    (reviews,) = _numbers(r"Fitted on ([\d,]+) long-term reviews in [\d.]+ s\.", out[0])
    assert reviews >= MIN_REVIEWS
    before, after = _numbers(r"  log loss ([\d.]+) → ([\d.]+)", out[1])
    assert after < before
    assert re.fullmatch(r"  RMSE     [\d.]+ → [\d.]+", out[2])
    assert out[3].startswith("Saved: the scheduler uses these parameters")
    assert _fits(data) == [(True, int(reviews))]

    deck = write_deck(tmp_path, "sim", [basic("c0")])
    assert main(["--data-dir", str(data), "stats", str(deck)]) == 0
    today = datetime.now(UTC).astimezone().date().isoformat()
    line = capsys.readouterr().out.splitlines()[-1]
    assert (
        line == f"Scheduler: parameters fitted to your answers on {today} ({reviews:,.0f} reviews)"
    )
    assert main(["--data-dir", str(data), "stats", "--json", str(deck)]) == 0
    scheduler = json.loads(capsys.readouterr().out)["scheduler"]
    assert scheduler == {
        "parameters": "fitted",
        "fitted_at": scheduler["fitted_at"],
        "reviews": reviews,
        "values": scheduler["values"],
    }
    assert len(scheduler["values"]) == 21

    # the same answers again: the fit is no better than the one in use, which stays
    assert main(["--data-dir", str(data), "optimize"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("Kept the current parameters: the fitted ones predict your")
    assert _fits(data) == [(True, int(reviews)), (False, int(reviews))]


def test_dry_run_saves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _progress(tmp_path)
    assert main(["--data-dir", str(data), "optimize", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Fitted on ") and " → " in out[1]
    assert out[-1] == "Dry run: the fit predicts your answers better; nothing was saved."
    assert _fits(data) == []


def test_too_few_reviews_says_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _progress(tmp_path, days=4)
    assert main(["--data-dir", str(data), "optimize"]) == 0
    out = capsys.readouterr().out
    have, need, more = _numbers(
        r"([\d,]+) long-term reviews? so far: fitting needs ([\d,]+), so ([\d,]+) more\.",
        out.splitlines()[0],
    )
    assert need == MIN_REVIEWS and have + more == MIN_REVIEWS and have > 0
    assert "The scheduler keeps the defaults." in out
    assert _fits(data) == []


def test_no_progress_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "optimize"]) == 1
    err = capsys.readouterr().err
    assert "no progress file" in err and str(tmp_path) in err
    assert not (tmp_path / "progress.sqlite3").exists()


def test_damaged_file_is_reported_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = tmp_path / "progress.sqlite3"
    progress.write_bytes(b"\x00" * 4096)
    assert main(["--data-dir", str(tmp_path), "optimize"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("studydeck optimize: ") and "studydeck restore" in err
    assert progress.read_bytes() == b"\x00" * 4096


def test_read_only_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _progress(tmp_path, days=4)
    progress = data / "progress.sqlite3"
    before = progress.read_bytes()
    progress.chmod(0o444)
    try:
        assert main(["--data-dir", str(data), "optimize"]) == 1
    finally:
        progress.chmod(0o644)
    err = capsys.readouterr().err
    assert "read-only" in err and "chmod u+w" in err
    assert progress.read_bytes() == before


def test_runs_without_importing_textual(tmp_path: Path) -> None:
    data = _progress(tmp_path, days=4)
    code = (
        "import json, sys\n"
        "from studydeck.cli import main\n"
        "rc = main(['optimize', '--dry-run'])\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(json.dumps({'rc': rc, 'ui': ui}))\n"
    )
    env = {**os.environ, "STUDYDECK_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert json.loads(done.stdout.splitlines()[-1]) == {"rc": 0, "ui": []}
