"""Issue 18, point 10: a file within the size limit costs bounded memory and output: problems are
listed up to a cap per file (and the rest counted), and no mapping holds more keys than a deck
could use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from memory_support import PRINT_PEAK_KB
from studydeck.cli import main
from studydeck.deck.limits import MAX_PROBLEMS
from studydeck.deck.loader import load_deck

PEAK_MB = 200  # the bound on a check's peak memory (it was 1.9 GB)


def test_a_card_with_700000_unknown_keys_is_one_located_error(tmp_path: Path) -> None:
    """9.8 MB: took ~45 s and 2 GB, and printed 115 MB of problems."""
    lines = ["studydeck: 1", "id: big", "title: Big", "cards:", "  - id: c1", "    type: basic"]
    lines += ["    front: F", "    back: B", *(f"    k{i:05x}: 1" for i in range(700_000))]
    deck = tmp_path / "keys.yaml"
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the check in a process of its own, which says its own peak on stderr when it ends
    script = (
        "import sys; from studydeck.cli import main; code = main(sys.argv[1:]);"
        f"{PRINT_PEAK_KB}; sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", "--no-cache", str(deck)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    peak_mb = int(done.stderr.split()[-1]) / 1024
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{deck}:1005:5: error: a mapping with more than 1,000 keys — no deck mapping has this "
        "many fields: check the indentation"
    )
    assert len(done.stdout) < 1_000
    assert peak_mb < PEAK_MB, f"{peak_mb:.0f} MB"


@pytest.mark.parametrize("broken", [True, False], ids=["errors", "warnings"])
def test_problems_past_the_cap_are_counted_not_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: bool
) -> None:
    cards = 300
    card = "  - {{id: c{i}, type: basic, front: F{i}, back: B{extra}}}\n"  # no two alike
    extra = ", oops: 1" if broken else ""  # an unknown field (error); else two warnings each
    deck = tmp_path / "many.yaml"
    deck.write_text(
        "studydeck: 1\nid: many\ntitle: Many\ncards:\n"
        + "".join(card.format(i=i, extra=extra) for i in range(cards)),
        encoding="utf-8",
    )
    result = load_deck(deck)
    assert len(result.problems) == MAX_PROBLEMS + 1
    last = result.problems[-1]
    hidden = cards - MAX_PROBLEMS if broken else 2 * cards - MAX_PROBLEMS
    assert last.message == f"{hidden:,} more problems not listed"
    assert last.severity == ("error" if broken else "warning")
    assert (result.deck is None) is broken  # warnings alone still load the deck
    main(["validate", "--no-cache", str(deck)])
    assert f"{hidden:,} more problems not listed" in capsys.readouterr().out
