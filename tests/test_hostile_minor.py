"""Issue 18, point 17: the minor ones. CSV cells a spreadsheet would run, `studydeck: true`,
invisible characters in deck text, and the typo "to the this mapping"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck

HOSTILE = Path(__file__).parent / "hostile"


def test_export_csv_cells_that_a_spreadsheet_would_run_are_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.csv"
    assert main(["export", str(HOSTILE / "formula-deck.yaml"), "-o", str(out)]) == 0
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["prompt"].startswith("'=HYPERLINK(")
    assert row["answer"] == "'@SUM(1+1)"


def test_report_csv_cells_that_a_spreadsheet_would_run_are_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((HOSTILE / "export-good.json").read_text(encoding="utf-8"))
    data["decks"][0]["cards"][0]["prompt"] = '=HYPERLINK("https://example.invalid", "x")'
    data["decks"][0]["cards"][0]["tags"] = ["+cmd"]
    export = tmp_path / "learner.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", "--format", "csv", str(export)]) == 0
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["prompt"] == '\'=HYPERLINK("https://example.invalid", "x")'
    assert row["tags"] == "'+cmd"


def test_studydeck_true_is_not_format_version_1(capsys: pytest.CaptureFixture[str]) -> None:
    result = load_deck(HOSTILE / "version-true.yaml")
    assert result.deck is None
    assert [str(p).split(": ", 1)[1] for p in result.errors] == [
        "error: `studydeck: true` is not a format version — write `studydeck: 1`"
    ]


def test_invisible_characters_in_deck_text_are_warned_of() -> None:
    result = load_deck(HOSTILE / "bidi-answers.yaml")
    assert result.deck is not None  # a warning: the deck still loads
    hidden = [(p.line, p.col, p.message[:50]) for p in result.warnings if "invisible" in p.message]
    assert hidden == [
        (8, 15, "text holds the invisible character U+202E, which c"),
        (8, 27, "text holds the invisible character U+200B, which c"),
    ]


def test_a_missing_field_outside_a_card_reads_plainly(tmp_path: Path) -> None:
    deck = tmp_path / "no-title.yaml"
    deck.write_text("studydeck: 1\nid: no-title\ncards: []\n", encoding="utf-8")
    fixes = [p.fix for p in load_deck(deck).errors]
    assert "add `title:` to this mapping" in fixes


def test_a_negative_figure_is_data_not_a_formula() -> None:
    # the report's CSV holds negative discrimination indices: they stay numbers a spreadsheet
    # reads as such, while text that starts with "-" still gets its leading '
    from studydeck.instructor.csv_cells import cell

    assert [cell(v) for v in ("-0.5100", "-3", "+1e-5", "-.5")] == ["-0.5100", "-3", "+1e-5", "-.5"]
    assert cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert cell("-") == "'-"
