"""The hub is an extra: without psycopg every other command works, and the hub's say how to
install it. (psycopg is hidden from a child interpreter by making its import fail.)"""

from __future__ import annotations

import subprocess
import sys

import pytest

from studydeck.locations import bundled_decks_dir

WITHOUT_PSYCOPG = "import sys; sys.modules['psycopg'] = None\nfrom studydeck.cli import main\n"


def run_without_psycopg(*args: str) -> subprocess.CompletedProcess[str]:
    code = WITHOUT_PSYCOPG + f"sys.exit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize(
    "args",
    [
        ("hub", "init", "postgresql://x@localhost/class"),
        ("hub", "join", "sdh1.x"),
        ("sync",),
        ("report", "--hub", "postgresql://x@localhost/class"),
    ],
)
def test_hub_commands_say_how_to_install_the_extra(args: tuple[str, ...]) -> None:
    proc = run_without_psycopg(*args)
    assert proc.returncode == 2
    assert "pip install 'studydeck[hub]'" in proc.stderr


def test_other_commands_work_without_psycopg() -> None:
    proc = run_without_psycopg("validate", str(bundled_decks_dir()))
    assert proc.returncode == 0, proc.stderr
