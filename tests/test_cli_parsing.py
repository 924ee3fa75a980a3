"""The command line: which command runs is read first, so only that command's module loads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from studydeck import cli


@pytest.mark.parametrize(
    ("args", "command"),
    [
        ([], "app"),
        (["--data-dir", "stats", "study", "deck.yaml"], "study"),
        (["--data", "stats", "study", "--cram", "deck.yaml"], "study"),  # an abbreviated option
        (["--data-dir=validate", "export", "-o", "x.apkg", "deck"], "export"),
        (["validate", "--help"], "validate"),
        (["stduy"], "app"),  # unknown: the whole parse names the mistake
        (["--data-dir"], "app"),  # no value: likewise
    ],
)
def test_the_command_is_read_past_the_global_options(args: list[str], command: str) -> None:
    assert cli.named_command(args) == command


def test_a_command_loads_no_other_commands_module(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text("studydeck: 1\nid: d\ntitle: D\ncards: []\n", encoding="utf-8")
    probe = (
        "import contextlib, io, sys\n"
        "from studydeck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(deck)!r}])\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('studydeck.commands.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["studydeck.commands.validate"]


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    listing = capsys.readouterr().out
    for name in cli.COMMANDS:
        assert re.search(rf"^ +{name} ", listing, re.MULTILINE), name
