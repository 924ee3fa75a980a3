"""Issue 18, point 4: text from files (keys, names, prompts, headers) never acts on the terminal:
every control character is made visible on the way out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studydeck.cli import main
from studydeck.visible import visible

HOSTILE = Path(__file__).parent / "hostile"
ACTING = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def _quiet(text: str) -> None:
    for ch in ACTING:
        assert ch not in text, f"{ch!r} reached the terminal"


def test_visible_escapes_what_acts_and_keeps_lines() -> None:
    assert visible("a\x1b]0;t\x07b") == "a\\u001b]0;t\\u0007b"
    assert visible("one\ntwo\tthree", lines=True) == "one\ntwo\tthree"
    assert visible("one\ntwo") == "one\\u000atwo"
    assert visible("x\ry\r\n", lines=True) == "x\\u000dy\r\n"
    assert visible("\u202eevil\u2066") == "\\u202eevil\\u2066"
    assert visible("Ünïcode — fine") == "Ünïcode — fine"


def test_an_escape_in_a_deck_key_is_a_located_error_shown_visibly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "--no-cache", str(HOSTILE / "escape-key.yaml")]) == 1
    out, err = capsys.readouterr()
    _quiet(out + err)
    assert "escape-key.yaml:9:5: error: a key contains control character U+001B" in out


def test_a_deck_file_name_with_an_escape_is_shown_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07.yaml").write_text("studydeck: 1\nid: Bad Id\n", encoding="utf-8")
    assert main(["validate", "--no-cache", str(folder)]) == 1
    for fmt in ("text", "json"):
        main(["validate", "--no-cache", "--format", fmt, str(folder)])
    out, err = capsys.readouterr()
    _quiet(out + err)
    assert "\\u001b]0;pwned\\u0007.yaml" in out


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_export_prompts_never_reach_the_terminal_raw(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    full = ["--full"] if fmt == "text" else []  # the short text report lists no single prompt
    assert main(["report", "--format", fmt, *full, str(HOSTILE / "export-escape.json")]) == 0
    out, err = capsys.readouterr()
    _quiet(out + err)
    assert "\\u001b[2J" in out


def test_anki_header_keys_are_echoed_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(shutil.copy(HOSTILE / "anki-escape-header.txt", tmp_path / "notes.txt"))
    main(["import", str(source), "--from", "anki", "-o", str(tmp_path / "notes.yaml")])
    out, err = capsys.readouterr()
    _quiet(out + err)
    assert "\\u001b]0;pwned\\u0007" in out + err
