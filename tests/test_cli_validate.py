"""`studydeck validate`, `schema`, `--version` and `--help`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studydeck import __version__
from studydeck.cli import COMMANDS, main
from studydeck.commands.schema import schema_text
from studydeck.locations import bundled_decks_dir, schema_path

GOOD = """\
studydeck: 1
id: good
title: Good deck
sources: [{id: s, title: A source}]
cards:
  - {id: a, type: basic, front: F, back: B, explanation: E, source: s}
"""
WARN = GOOD.replace(", explanation: E, source: s", "")
BAD = GOOD.replace("back: B", "bak: B")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"studydeck {__version__}"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: studydeck")
    if command is None:
        assert all(name in out for name in COMMANDS)


def test_valid_folder_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.yaml", GOOD)
    other = GOOD.replace("id: good", "id: other").replace(
        "id: a, type: basic, front: F, back: B", "id: b, type: basic, front: G, back: C"
    )
    write(tmp_path, "sub/b.yml", other)
    write(tmp_path, "notes.md", "not a deck")
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 files: 2 valid (2 cards), 0 errors, 0 warnings" in out


def test_warnings_are_shown_and_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "w.yaml", WARN)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:6:5: warning: card a: no `source`" in out


def test_errors_exit_1_with_located_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.yaml", GOOD)
    bad = write(tmp_path, "bad.yaml", BAD)
    assert main(["validate", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:6:5: error: card a: missing required field `back`" in captured.out
    assert f"{bad}:6:36: error: card a: unknown field `bak` — did you mean `back`?" in captured.out
    assert "2 files: 1 valid (1 card), 2 errors" in captured.err


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "bad.yaml", BAD)
    assert main(["validate", "--format", "json", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["errors"] == 2
    first = report["files"][0]["problems"][0]
    assert {k: first[k] for k in ("line", "col", "severity", "card")} == {
        "line": 6,
        "col": 5,
        "severity": "error",
        "card": "a",
    }


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 2  # a folder with no decks
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2


def test_max_bytes_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "a.yaml", GOOD)
    assert main(["validate", "--max-bytes", "50", str(path)]) == 1
    assert "over the limit of 50" in capsys.readouterr().out


# The bundled decks' second edition (issue 19) gives no warning of any kind, the checks of
# issue 13 (leaks, item writing) included, and must stay so.
NO_WARNINGS: dict[tuple[str, str], int] = {}


def test_bundled_decks_are_valid_without_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(bundled_decks_dir())]) == 0
    report = json.loads(capsys.readouterr().out)
    found: dict[tuple[str, str], int] = {}
    for file in report["files"]:
        for problem in file["problems"]:
            key = (Path(file["file"]).name, problem["code"])
            found[key] = found.get(key, 0) + 1
    assert found == NO_WARNINGS


def test_published_schema_is_current() -> None:
    # editors read schema/deck-v1.schema.json; regenerate with `studydeck schema > schema/...`
    assert schema_path().read_text() == schema_text()


def test_schema_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]["cards"]["items"]["discriminator"]["mapping"]) == {
        "basic",
        "cloze",
        "mcq",
        "true_false",
        "typed",
        "numeric",
        "order",
        "match",
    }


def test_console_script_runs(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", BAD)
    proc = subprocess.run(
        [sys.executable, "-m", "studydeck", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "did you mean `back`?" in proc.stdout
