"""atomic_write: a file is replaced whole or not at all, and no temporary file is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from studydeck.files import atomic_write


def test_the_new_file_replaces_the_old_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with atomic_write(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # not until the block ends
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.csv.")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deck.yaml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match="half"), atomic_write(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError("half written")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.yaml"]


def test_a_block_that_writes_nothing_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    with pytest.raises(FileNotFoundError), atomic_write(target):
        pass  # no temporary file to put in place
    assert not target.exists() and not list(tmp_path.iterdir())
