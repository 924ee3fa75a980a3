"""Issue 18, point 8: one bad export never kills the class report: each is checked against the
export format, a bad one is named and skipped, and the work per file is bounded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from studydeck.cli import main

HOSTILE = Path(__file__).parent / "hostile"
BAD = ["export-nan", "export-infinity", "export-1e400", "export-400-digits"]


def _report(capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, str, str]:
    code = main(["report", "--format", "json", *map(str, files)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", BAD)
def test_a_bad_number_is_named_and_the_good_files_still_report(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _report(capsys, HOSTILE / f"{name}.json", HOSTILE / "export-good.json")
    assert code == 0
    assert json.loads(out)["learners"] == 1
    assert f"skipped {HOSTILE / name}.json: " in err


def test_deep_nesting_is_named_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"studydeck_progress": 1, "decks": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, out, err = _report(capsys, deep, HOSTILE / "export-good.json")
    assert code == 0 and json.loads(out)["learners"] == 1
    assert "deep.json: not a progress export (nested too deeply)" in err


def test_a_wrong_type_is_named_with_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((HOSTILE / "export-good.json").read_text(encoding="utf-8"))
    data["decks"][0]["cards"][0]["reviews"] = "two"
    bad = tmp_path / "typed.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _report(capsys, bad, HOSTILE / "export-good.json")
    assert code == 0
    assert "typed.json: not a valid progress export (decks.0.cards.0.reviews: " in err


def test_sixty_thousand_tags_on_a_card_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((HOSTILE / "export-good.json").read_text(encoding="utf-8"))
    data["decks"][0]["cards"][0]["tags"] = [f"t{i}" for i in range(60_000)]
    many = tmp_path / "many-tags.json"
    many.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _report(capsys, many, HOSTILE / "export-good.json")
    assert code == 0 and json.loads(out)["learners"] == 1
    assert "decks.0.cards.0.tags: List should have at most 1000 items" in err


@pytest.mark.parametrize("name", ["export-utf16", "export-utf8-bom"])
def test_utf16_and_bom_exports_are_read(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _report(capsys, HOSTILE / f"{name}.json")
    assert code == 0, err
    assert json.loads(out)["learners"] == 1


def test_only_bad_files_is_exit_1_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [Path(shutil.copy(HOSTILE / f"{n}.json", tmp_path)) for n in BAD]
    code, out, err = _report(capsys, *files)
    assert code == 1 and out == ""
    assert err.count("skipped") == len(BAD)
    assert "no progress export could be read" in err
