"""Daily rotating backups, and `studydeck restore` putting one back without deleting anything."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from study_support import T0, fill
from studydeck.cli import main
from studydeck.store import open_store
from studydeck.store.backups import KEEP, check_backup, list_backups


def _progress(tmp_path: Path, reviews: int = 3) -> Path:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    fill(store, reviews)
    store.close()
    return path


def test_one_backup_a_day_and_a_week_kept(tmp_path: Path) -> None:
    path = _progress(tmp_path)
    assert list_backups(path) == []  # a file just created has nothing to back up
    for day in range(10):
        for hour in (0, 5):  # opened twice a day: still one backup that day
            store = open_store(path, T0 + timedelta(days=day, hours=hour))
            fill(store, 1)
            store.close()
    backups = list_backups(path)
    assert len(backups) == KEEP == 7
    assert [b.day.isoformat() for b in backups][:2] == ["2025-03-19", "2025-03-18"]
    assert backups[-1].day.isoformat() == "2025-03-13"
    # each copy is a sound progress file holding what was there when it was taken
    assert check_backup(backups[0].path) == 3 + 2 * 9
    assert not [p for p in (tmp_path / "backups").iterdir() if p.suffix != ".sqlite3"]


def test_restore_lists_and_restores_keeping_the_damaged_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _progress(tmp_path, 5)
    open_store(path, T0 + timedelta(days=1)).close()  # backup of the 5 reviews
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "restore"]) == 0
    out = capsys.readouterr().out
    assert "progress-2025-03-11.sqlite3" in out and "5 reviews" in out
    path.write_bytes(b"garbage" * 1000)  # the progress file is ruined
    ruined = path.read_bytes()
    assert main([*data, "restore", "2025-03-11"]) == 0
    out = capsys.readouterr().out
    aside = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == ruined and str(aside[0]) in out
    store = open_store(path, T0 + timedelta(days=2))
    assert store.review_count() == 5
    store.close()


def test_restore_refuses_a_damaged_or_unknown_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _progress(tmp_path, 2)
    before = path.read_bytes()
    bad = tmp_path / "backups" / "progress-2025-03-01.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"not a database" * 100)
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "restore"]) == 0
    assert "damaged" in capsys.readouterr().out
    assert main([*data, "restore", "progress-2025-03-01.sqlite3"]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Choose another backup" in err
    assert main([*data, "restore", "2024-01-01"]) == 2
    assert "no such backup" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["progress.sqlite3"]


def test_restore_without_backups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    assert "No backups" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
