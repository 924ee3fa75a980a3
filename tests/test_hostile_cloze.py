"""Issue 18, point 9: cloze deletions are found in linear time, in imported Anki rows and in
deck texts alike (the regexes looked for the closing braces again from every opening)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studydeck.deck.cloze import parse_cloze
from studydeck.instructor.importers.anki import anki_cloze_to_deck

HOSTILE = Path(__file__).parent / "hostile"
# Seconds before a run counts as hung: the linear scan takes well under one, the old regexes
# ran for minutes on these files. A bound on hanging, not a timing target.
HUNG = 60


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studydeck", *args],
        capture_output=True,
        text=True,
        timeout=HUNG,
        check=False,
    )


def test_an_anki_row_of_21000_openings_is_skipped_not_hung(tmp_path: Path) -> None:
    out = tmp_path / "cloze.yaml"
    done = _run("import", str(HOSTILE / "anki-cloze-21000.txt"), "--from", "anki", "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert "nothing to import" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_deck_of_texts_full_of_openings_loads_without_hanging(tmp_path: Path) -> None:
    cards = "".join(
        f"  - id: c{i}\n    type: cloze\n    text: '{{{{x}}}} {'{{' * 4_000}'\n" for i in range(300)
    )
    deck = tmp_path / "braces.yaml"
    deck.write_text(f"studydeck: 1\nid: braces\ntitle: Braces\ncards:\n{cards}", encoding="utf-8")
    done = _run("validate", "--no-cache", str(deck))
    assert "Traceback" not in done.stderr
    assert "300 cards" in done.stdout + done.stderr


def test_the_linear_scans_find_what_the_patterns_found() -> None:
    assert anki_cloze_to_deck("{{c1::Tashkent::a city}} in {{c2::1992}}") == (
        "{{Tashkent}} in {{1992}}",
        ["a city"],
        [],
    )
    assert anki_cloze_to_deck("{{c1::a}}b}} and {{c1::cat}}") == ("{{a}}b}} and {{cat}}", [], [1])
    assert anki_cloze_to_deck("{{c1::open only") == "no cloze deletion `{{c1::…}}` in the text"
    assert anki_cloze_to_deck("{{c1::x {{c2::y}} }}") == (
        "nested cloze deletions cannot be converted"
    )
    cloze = parse_cloze("{{{a}}, {{b|c}} and {{ open")
    assert [(d.answers, d.start, d.end) for d in cloze.deletions] == [
        (("{a",), 0, 6),
        (("b", "c"), 8, 15),
    ]
