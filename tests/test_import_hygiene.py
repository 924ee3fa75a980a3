"""The core and the non-TUI commands never import Textual or Rich (they start fast, run in CI)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import studydeck

SRC = Path(studydeck.__file__).parent
CORE_PACKAGES = ["deck", "study", "store", "instructor", "hub"]
TUI_COMMANDS = {"app", "study"}  # the commands that open the TUI


def core_modules() -> list[str]:
    names = ["studydeck", "studydeck.cli", "studydeck.locations"]
    for package in CORE_PACKAGES:
        folder = SRC / package
        if not folder.is_dir():
            continue
        names.append(f"studydeck.{package}")
        for info in pkgutil.walk_packages([str(folder)], prefix=f"studydeck.{package}."):
            names.append(info.name)
    for info in pkgutil.iter_modules([str(SRC / "commands")]):
        if info.name not in TUI_COMMANDS:
            names.append(f"studydeck.commands.{info.name}")
    return names


def imported_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(proc.stdout.split())


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = imported_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}


def test_validate_and_schema_commands_do_not_import_textual(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text("studydeck: 1\nid: d\ntitle: D\ncards: []\n")
    code = (
        "import contextlib, io\n"
        "from studydeck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(deck)!r}])\n"
        "    main(['schema'])\n"
        "    main(['validate', '--help']) if False else None\n"
    )
    loaded = imported_after(code)
    assert "studydeck.deck.loader" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}


def test_validate_of_unchanged_files_imports_no_models(tmp_path: Path) -> None:
    """The second run finds the check of the unchanged file in the cache: neither pydantic
    (nor its dataclass machinery, nor the deck models) nor the YAML parser is imported."""
    deck = tmp_path / "d.yaml"
    deck.write_text("studydeck: 1\nid: d\ntitle: D\ncards: []\n")
    code = (
        "import contextlib, io\n"
        "from studydeck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validate', {str(deck)!r}]) == 0\n"
    )
    first = imported_after(code)
    assert {"studydeck.deck.models", "pydantic.dataclasses"} <= first
    again = imported_after(code)
    assert "studydeck.deck.cache" in again
    heavy = ("pydantic", "pydantic_core", "yaml", "textual", "rich")
    assert not {m for m in again if m.split(".")[0] in heavy or m == "studydeck.deck.models"}


def test_a_session_on_unchanged_deck_files_imports_no_pydantic(tmp_path: Path) -> None:
    """`studydeck study` builds its decks from the remembered check of unchanged files with the
    plain classes of deck/models.py: pydantic and the format's models (~100 ms of the ~300
    before the first card) are not imported, nor the YAML parser."""
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "studydeck: 1\nid: d\ntitle: D\ncards:\n"
        "  - {id: c, type: typed, question: Where was the treaty signed?, answers: [Tashkent]}\n"
    )
    code = (
        "import contextlib, io, sys\n"
        "from studydeck.cli import main\n"
        "sys.stdin = io.StringIO('')\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main(['study', {str(deck)!r}, '--plain']) == 0\n"
        "assert 'Where was the treaty signed?' in out.getvalue(), out.getvalue()\n"
    )
    first = imported_after(code)
    assert {"studydeck.deck.format", "pydantic.dataclasses"} <= first  # checked the first time
    imported_after(code)  # the second session keeps the parsed file beside its check (_parsed)
    again = imported_after(code)
    assert {"studydeck.deck.cache", "studydeck.deck.models", "studydeck.study.plain"} <= again
    heavy = ("pydantic", "pydantic_core", "yaml", "textual", "rich")
    assert not {m for m in again if m.split(".")[0] in heavy or m == "studydeck.deck.format"}
