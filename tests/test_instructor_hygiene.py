"""The instructor commands, run for real in a fresh interpreter, never load Textual or Rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data" / "instructor"


def test_instructor_commands_do_not_import_textual(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    data = tmp_path / "data"
    commands = [
        ["new", str(deck)],
        ["import", str(DATA / "questions.gift"), "--from", "gift", "-o", str(tmp_path / "g.yaml")],
        ["export", str(deck), "--to", "apkg", "-o", str(tmp_path / "d.apkg")],
        ["export", str(deck), "--to", "csv", "-o", str(tmp_path / "d.csv")],
        ["--data-dir", str(data), "progress", "export", "--decks", str(deck)],
        ["report", str(tmp_path / "me.json"), "--html", str(tmp_path / "r.html")],
    ]
    # a progress file to export: made by the store itself, in the same process beforehand
    setup = (
        "from datetime import UTC, datetime\n"
        "from studydeck.store import open_store\n"
        f"open_store(__import__('pathlib').Path({str(data / 'progress.sqlite3')!r}),"
        " datetime(2025, 1, 1, tzinfo=UTC)).close()\n"
    )
    subprocess.run([sys.executable, "-c", setup], check=True)
    code = (
        "import contextlib, io, json, sys\n"
        "from studydeck.cli import main\n"
        f"commands = {json.dumps(commands)}\n"
        "codes = []\n"
        "for args in commands:\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        "        codes.append(main(args))\n"
        f"    if args[-3:-1] == ['export', '--decks']: open({str(tmp_path / 'me.json')!r}, 'w')"
        ".write(out.getvalue())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(json.dumps({'codes': codes, 'loaded': loaded}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["codes"] == [0, 0, 0, 0, 0, 0]
    assert result["loaded"] == []
    assert (tmp_path / "r.html").is_file()
