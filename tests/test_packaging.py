"""The bundled decks and schema are found from a checkout and from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from studydeck.locations import bundled_decks_dir, schema_path

ROOT = Path(__file__).resolve().parent.parent


def test_checkout_finds_bundled_decks_and_schema() -> None:
    assert bundled_decks_dir() == ROOT / "decks"
    assert sorted(bundled_decks_dir().glob("*.yaml"))
    assert schema_path() == ROOT / "schema" / "deck-v1.schema.json"


def test_wheel_ships_decks_and_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("studydeck-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    decks = sorted(n for n in names if n.startswith("studydeck/_decks/") and n.endswith(".yaml"))
    assert [Path(n).name for n in decks] == sorted(p.name for p in (ROOT / "decks").glob("*.yaml"))
    assert "studydeck/_schema/deck-v1.schema.json" in names
    probe = (
        "from studydeck.locations import bundled_decks_dir, schema_path\n"
        "print(bundled_decks_dir()); print(schema_path())"
    )
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=site,
        env={"PYTHONPATH": str(site)},
    )
    decks_dir, schema = proc.stdout.split()
    assert Path(decks_dir) == site / "studydeck" / "_decks"
    assert Path(schema) == site / "studydeck" / "_schema" / "deck-v1.schema.json"
