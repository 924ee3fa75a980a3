"""Issue 18, points 1 and 12: a command never writes onto its own input, never replaces a file
without --force, and answers a folder given as output in words (no IsADirectoryError)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studydeck.cli import main

HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return Path(shutil.copy(HOSTILE / "small-deck.yaml", tmp_path / "small-deck.yaml"))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return Path(shutil.copy(HOSTILE / "export-good.json", tmp_path / "learner.json"))


def test_export_onto_its_own_deck_is_refused_even_with_force(
    deck: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = deck.read_bytes()
    for force in ([], ["--force"]):
        assert main(["export", str(deck), "--to", "csv", "-o", str(deck), *force]) == 2
        assert "also an input" in capsys.readouterr().err
    assert deck.read_bytes() == before


def test_export_over_another_file_needs_force(
    deck: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.csv"
    other.write_text("keep me\n", encoding="utf-8")
    assert main(["export", str(deck), "-o", str(other)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == "keep me\n"
    assert main(["export", str(deck), "-o", str(other), "--force"]) == 0
    assert other.read_text(encoding="utf-8").startswith("id,")


def test_report_html_onto_an_input_is_refused_even_with_force(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = export.read_bytes()
    for force in ([], ["--force"]):
        assert main(["report", str(export), "--html", str(export), *force]) == 2
        assert "also an input" in capsys.readouterr().err
    assert export.read_bytes() == before


def test_report_html_over_another_file_needs_force(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "class.html"
    page.write_text("old page", encoding="utf-8")
    assert main(["report", str(export), "--html", str(page)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == "old page"
    assert main(["report", str(export), "--html", str(page), "--force"]) == 0
    assert "<html" in page.read_text(encoding="utf-8")


def test_import_onto_its_own_source_is_refused_even_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cards.yaml"
    source.write_text("Tashkent\tWhere was the treaty signed?\n", encoding="utf-8")
    before = source.read_bytes()
    code = main(["import", str(source), "--from", "quizlet", "-o", str(source), "--force"])
    assert code == 2
    assert "also an input" in capsys.readouterr().err
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["export", "{deck}", "--to", "csv", "-o", "{dir}"],
        ["export", "{deck}", "--to", "apkg", "-o", "{dir}", "--force"],
        ["report", "{export}", "--html", "{dir}"],
        ["report", "{export}", "--html", "{dir}", "--force"],
        ["import", "{quizlet}", "--from", "quizlet", "-o", "{dir}", "--force"],
    ],
)
def test_a_folder_as_output_is_answered_in_words(
    command: list[str],
    deck: Path,
    export: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "out.d"
    folder.mkdir()
    quizlet = tmp_path / "cards.txt"
    quizlet.write_text("Tashkent\tWhere was the treaty signed?\n", encoding="utf-8")
    names = {"deck": deck, "export": export, "dir": folder, "quizlet": quizlet}
    assert main([part.format(**names) for part in command]) == 2
    assert f"{folder} is a folder" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
