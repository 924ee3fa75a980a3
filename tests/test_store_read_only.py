"""Issue 18, point 15: commands that only read (`stats`, `progress export`) read a progress file
that cannot be written, instead of refusing it, and change nothing in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from study_support import FakeClock, basic, make_deck
from studydeck.cli import main
from studydeck.store import ProgressFileError, open_store
from studydeck.study import Rating, open_session


def _studied(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "decks").mkdir()
    deck = make_deck(tmp_path / "decks", "geo", [basic("c1"), basic("c2")])
    data = tmp_path / "data"
    clock = FakeClock(datetime.now(UTC) - timedelta(days=2))
    store = open_store(data / "progress.sqlite3", clock())
    open_session(store, [deck], now=clock).record(Rating.GOOD, elapsed=3.0)
    store.close()
    path = data / "progress.sqlite3"
    path.chmod(0o444)
    return tmp_path / "decks" / "geo.yaml", path


def test_stats_and_progress_export_read_a_read_only_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck, path = _studied(tmp_path)
    before = path.read_bytes()
    data_dir = str(path.parent)
    assert main(["--data-dir", data_dir, "stats", "--json", "--no-cache", str(deck)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["answers"] == 1
    assert main(["--data-dir", data_dir, "progress", "export", "--decks", str(deck)]) == 0
    export = json.loads(capsys.readouterr().out)
    assert export["decks"][0]["cards"][0]["reviews"] == 1
    assert path.read_bytes() == before


def test_studying_still_refuses_a_read_only_file(tmp_path: Path) -> None:
    _, path = _studied(tmp_path)
    with pytest.raises(ProgressFileError, match="read-only"):
        open_store(path, datetime.now(UTC))
