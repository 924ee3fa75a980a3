"""Issue 18, point 6: numbers grading cannot compare are refused by `validate` with a located
error, and one such deck in a folder never takes `stats` or the app down."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck
from studydeck.study.grading import grade

HOSTILE = Path(__file__).parent / "hostile"
BAD = {
    "number-401-digits": ("8:13", "a number written with 401 characters"),
    "number-5000-digits": ("8:13", "a number written with 5,000 characters"),
    "number-hex-5000": ("8:13", "a number written with 5,002 characters"),
    "number-sexagesimal": ("8:13", "a number written with 899 characters"),
    "year-4301-digits": ("5:34", "a number written with 4,301 characters"),
    "number-nan": ("8:13", "`answer` is nan, which no typed answer can be compared with"),
    "number-inf": ("8:13", "`answer` is -inf"),
    "number-1e400": ("8:13", "`answer` is inf"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_validate_refuses_with_a_located_error(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    where, words = BAD[name]
    assert main(["validate", "--no-cache", str(HOSTILE / f"{name}.yaml")]) == 1
    out = capsys.readouterr().out
    assert f"{name}.yaml:{where}: error: " in out and words in out
    assert load_deck(HOSTILE / f"{name}.yaml").deck is None


def test_a_long_number_within_the_limit_is_graded(tmp_path: Path) -> None:
    text = (HOSTILE / "number-401-digits.yaml").read_text(encoding="utf-8")
    deck = tmp_path / "ok.yaml"
    deck.write_text(text.replace("9" * 401, "9" * 100), encoding="utf-8")
    result = load_deck(deck)
    assert result.deck is not None, [str(p) for p in result.problems]
    card = result.deck.cards[0]
    for typed, right in (("1e100", True), ("9" * 400, False), ("1e400", False)):
        graded = grade(card, "", typed, hint_used=False, elapsed=3.0, usual=None)
        assert graded.correct is right


def test_stats_on_a_folder_lists_the_bad_deck_and_counts_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(HOSTILE / "small-deck.yaml", folder)
    for name in BAD:
        shutil.copy(HOSTILE / f"{name}.yaml", folder)
    assert main(["stats", "--json", "--no-cache", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert [d["id"] for d in json.loads(out)["decks"]] == ["small-deck"]
    for name in BAD:
        assert f"{name}.yaml:" in err
