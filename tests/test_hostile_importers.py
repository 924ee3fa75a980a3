"""Issue 18, point 14: importer edges answered in words, one bad question never aborting the
import, and the --max-bytes that over-size results advise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck

HOSTILE = Path(__file__).parent / "hostile"


def test_an_empty_quizlet_separator_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cards.txt"
    source.write_text("Tashkent\tWhere was the treaty signed?\n", encoding="utf-8")
    for option in ("--separator", "--row-separator"):
        code = main(["import", str(source), "--from", "quizlet", "-o", str(tmp_path / "q.yaml")
                     , option, ""])  # fmt: skip
        assert code == 2
        assert f"{option} must not be empty" in capsys.readouterr().err


def test_gift_numbers_past_a_float_skip_their_question_not_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "overflow.yaml"
    assert (
        main(["import", str(HOSTILE / "gift-overflow.gift"), "--from", "gift", "-o", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "gift-overflow.gift:12: skipped: not a number or range: '1e400'" in printed
    result = load_deck(out)
    assert result.deck is not None, [str(p) for p in result.errors]
    answers = {c.id.split("-")[0]: getattr(c, "answer", None) for c in result.deck.cards}
    assert answers["range"] == 0 and answers["big"] == 1.745e308


def test_an_anki_deck_header_with_controls_becomes_a_clean_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(shutil.copy(HOSTILE / "anki-deck-header-controls.txt", tmp_path / "a.txt"))
    out = tmp_path / "anki.yaml"
    assert main(["import", str(source), "--from", "anki", "-o", str(out)]) == 0
    result = load_deck(out)
    assert result.deck is not None
    assert result.deck.title == "Geography and more"


def test_over_size_results_can_be_written_with_max_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cards.txt"
    source.write_text("".join(f"term {i}\tdefinition {i}\n" for i in range(200)), encoding="utf-8")
    out = tmp_path / "big.yaml"
    args = ["import", str(source), "--from", "quizlet", "-o", str(out)]
    assert main([*args, "--max-bytes", "2000"]) == 1
    assert "raise the limit with --max-bytes" in capsys.readouterr().err
    assert not out.exists()
    assert main([*args, "--max-bytes", "100000"]) == 0
    assert out.stat().st_size > 2000
