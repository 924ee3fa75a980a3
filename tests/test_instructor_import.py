"""`studydeck import`: real-format sample files in, every card checked, the report line by line.

The samples in tests/data/instructor/ were written by hand following each tool's documented
format: Anki's "Notes in Plain Text" export (with its `#` headers, as Anki 2.1.55+ writes and
reads them), Quizlet's set export (default and custom separators) and Moodle GIFT.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck
from studydeck.deck.models import SLUG_PATTERN, Deck, dump

DATA = Path(__file__).parent / "data" / "instructor"


def run_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str, *extra: str
) -> tuple[int, Deck | None, list[str], Path]:
    out = tmp_path / f"{Path(name).stem}.yaml"
    code = main(["import", str(DATA / name), "--from", fmt, "-o", str(out), *extra])
    lines = capsys.readouterr().out.splitlines()
    deck = None
    if out.exists():
        result = load_deck(out)
        assert result.errors == [], [str(p) for p in result.problems]
        deck = result.deck
    return code, deck, lines, out


def cards_without_ids(deck: Deck) -> list[dict[str, Any]]:
    cards = []
    for card in deck.cards:
        data = dump(card, exclude_defaults=True)
        assert re.fullmatch(SLUG_PATTERN, data.pop("id"))
        cards.append(data)
    return cards


def report(lines: list[str], name: str) -> list[str]:
    """The FILE:LINE: kind: reason lines, with the folder taken off."""
    prefix = str(DATA / name) + ":"
    return [line[len(prefix) :] for line in lines if line.startswith(prefix)]


def test_anki_notes_export_with_every_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, deck, lines, _ = run_import(tmp_path, capsys, "anki-notes.txt", "anki")
    assert code == 0 and deck is not None
    assert cards_without_ids(deck) == [
        {
            "type": "basic",
            "front": "What is the capital of France?",
            "back": "Paris",
            "tags": ["geo", "europe", "capitals"],
        },
        {
            "type": "basic",
            "front": "der Hund",
            "back": "the dog",
            "reverse": True,
            "tags": ["vocab", "german-animals", "german"],
        },
        {
            "type": "basic",
            "front": "die Katze",
            "back": "the cat",
            "reverse": True,
            "tags": ["vocab", "german"],
        },
        {"type": "basic", "front": "das Pferd", "back": "the horse", "tags": ["vocab", "german"]},
        {
            "type": "typed",
            "question": "Capital of Italy?",
            "answers": ["Rome"],
            "tags": ["geo", "capitals"],
        },
        {
            "type": "cloze",
            "text": "The Treaty was signed in {{Tashkent}} in {{1992}}.",
            "hint": "a city",
            "explanation": "Both in May.",
            "tags": ["history", "capitals"],
        },
        {
            "type": "cloze",
            "text": "Rivers:\nthe {{Rhine}} & the {{Danube}}\nflow through <Europe> too",
            "tags": ["capitals"],
        },
        {
            "type": "basic",
            "front": 'Say "hello" in French',
            "back": "- bonjour\n- salut",
            "tags": ["capitals"],
        },
        {
            "type": "basic",
            "front": 'How is "Ei" pronounced?',
            "back": 'like "eye"',
            "tags": ["german"],
        },
        {"type": "basic", "front": "犬", "back": "dog", "tags": ["vocab", "german"]},
        {
            "type": "basic",
            "front": "Name two rivers in Vienna",
            "back": "the Danube\nand the Wien",
            "tags": ["geo", "capitals"],
        },
    ]
    assert report(lines, "anki-notes.txt") == [
        "12: note: cloze hints moved to the card's `hint` (shown for all)",
        "13: note: c1 marks several deletions; Anki hides them together, "
        "studydeck asks each on its own",
        "15: note: front: dropped 1 image (no media in decks)",
        "15: note: back: dropped 1 image (no media in decks)",
        "15: skipped: the back is empty (or only media)",
        "16: note: front: dropped 1 sound (no media in decks)",
        "17: note: note type 'Japanese (recognition)' read as Basic "
        "(fields 1-2 as front and back); 1 more field dropped",
        "18: skipped: nested cloze deletions cannot be converted",
        "19: skipped: no cloze deletion `{{c1::…}}` in the text",
        "20: skipped: the front is empty (or only media)",
    ]
    assert lines[-1].endswith(": 11 cards imported, 4 skipped")
    # two Anki decks in the file: no single title, the file name is used
    assert deck.title == "anki-notes" and deck.id == "anki-notes"


def test_anki_guid_makes_the_id_so_edits_in_anki_keep_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, deck, _, _ = run_import(tmp_path, capsys, "anki-notes.txt", "anki")
    assert deck is not None
    source = (DATA / "anki-notes.txt").read_text(encoding="utf-8")
    edited = tmp_path / "edited" / "anki-notes.txt"
    edited.parent.mkdir()
    edited.write_text(source.replace("What is the capital of", "Which city is the capital of"))
    out = tmp_path / "edited" / "deck.yaml"
    assert main(["import", str(edited), "--from", "anki", "-o", str(out)]) == 0
    again = load_deck(out).deck
    assert again is not None
    assert again.cards[0].id.endswith(deck.cards[0].id[-6:])  # same guid, same hash
    assert [c.id for c in again.cards[1:]] == [c.id for c in deck.cards[1:]]


def test_anki_comma_file_with_columns_notetype_deck_and_global_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, deck, lines, _ = run_import(tmp_path, capsys, "anki-comma.csv", "anki")
    assert code == 0 and deck is not None
    assert deck.title == "Spanish / Verbs"
    common = ["spanish", "imported"]
    assert cards_without_ids(deck) == [
        {
            "type": "basic",
            "front": "hablar",
            "back": "to speak",
            "tags": [*common, "verbs", "ar-verbs"],
        },
        {
            "type": "basic",
            "front": "comer",
            "back": "to eat, to have lunch",
            "tags": [*common, "verbs", "er-verbs"],
        },
        {"type": "basic", "front": "vivir", "back": "to live", "tags": [*common, "verbs"]},
        {
            "type": "basic",
            "front": "decir",
            "back": 'to say "hello"',
            "tags": [*common, "irregular"],
        },
        # #html:false: angle brackets and ampersands are text, not markup
        {
            "type": "basic",
            "front": "a < b",
            "back": "less than, as in 1 < 2 & 3 > 2",
            "tags": common,
        },
    ]
    assert report(lines, "anki-comma.csv") == ["13: skipped: the back is empty (or only media)"]


def test_anki_semicolon_cloze_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, deck, lines, _ = run_import(tmp_path, capsys, "anki-semicolon.txt", "anki")
    assert code == 0 and deck is not None
    assert cards_without_ids(deck) == [
        {
            "type": "cloze",
            "text": "The capital of {{Kazakhstan}} is {{Astana}}.",
            "hint": "a city",
            "explanation": "Renamed Nur-Sultan in 2019 and Astana again in 2022.",
            "tags": ["geo", "kazakhstan"],
        },
        {"type": "cloze", "text": "{{Dushanbe}} is the capital of Tajikistan.", "tags": ["geo"]},
        {"type": "cloze", "text": "Bishkek; the capital of {{Kyrgyzstan}}", "tags": ["geo"]},
    ]
    assert report(lines, "anki-semicolon.txt") == [
        "5: note: cloze hints moved to the card's `hint` (shown for all)",
        "8: skipped: c1's answer contains `|`, which studydeck reads as 'or'",
    ]


def test_anki_pipe_file_with_notetype_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, deck, lines, _ = run_import(tmp_path, capsys, "anki-pipe.txt", "anki")
    assert code == 0 and deck is not None
    assert cards_without_ids(deck) == [
        {
            "type": "basic",
            "front": "What does CSTO stand for?",
            "back": "Collective Security Treaty Organization",
            "tags": ["csto"],
        },
        {
            "type": "basic",
            "front": "ОДКБ",
            "back": "CSTO (Russian abbreviation)",
            "reverse": True,
            "tags": ["csto", "russian"],
        },
        {
            "type": "cloze",
            "text": "The CSTO charter was signed in {{2002}}.",
            "explanation": "October 2002, in Chisinau.",
            "tags": ["csto"],
        },
    ]
    assert report(lines, "anki-pipe.txt") == []
    # a Cyrillic front has no ASCII slug: the id is still a valid, stable one
    assert re.fullmatch(r"card-[0-9a-f]{6}", deck.cards[1].id)


def test_quizlet_default_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, deck, lines, out = run_import(tmp_path, capsys, "quizlet-tab.txt", "quizlet")
    assert code == 0 and deck is not None
    assert cards_without_ids(deck) == [
        {"type": "basic", "front": "Yerevan", "back": "Capital of Armenia"},
        {"type": "basic", "front": "Minsk", "back": "Capital of Belarus"},
        {
            "type": "basic",
            "front": "Astana",
            "back": "Capital of Kazakhstan (called Nur-Sultan 2019-2022)",
        },
        {
            "type": "basic",
            "front": "CSTO",
            "back": "Collective Security Treaty Organization:\nfounded as a treaty in 1992,\n"
            "an organization since 2002",
        },
        # text YAML 1.1 would turn into false and 1.1 stays text: every string is quoted
        {"type": "basic", "front": "no", "back": "A word YAML 1.1 would read as false"},
        {"type": "basic", "front": "1.10", "back": "A number-looking term"},
    ]
    assert 'front: "no"' in out.read_text() and 'front: "1.10"' in out.read_text()
    assert report(lines, "quizlet-tab.txt") == [
        "5: note: no separator: joined to the definition above as a new line",
        "6: note: no separator: joined to the definition above as a new line",
        "9: skipped: the definition is empty",
    ]


def test_quizlet_custom_separators(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, deck, lines, _ = run_import(
        tmp_path,
        capsys,
        "quizlet-custom.txt",
        "quizlet",
        "--separator",
        " - ",
        "--row-separator",
        "semicolon",
        "--title",
        "German nouns",
        "--id",
        "german-nouns",
    )
    assert code == 0 and deck is not None
    assert (deck.id, deck.title) == ("german-nouns", "German nouns")
    assert [(dump(c)["front"], dump(c)["back"]) for c in deck.cards] == [
        ("der Hund", "the dog"),
        ("die Katze", "the cat"),
        ("das Pferd", "the horse"),
        ("das Haus", "the house"),
        ("die Blume", "the flower, a plant"),
    ]
    assert report(lines, "quizlet-custom.txt") == [
        "2: skipped: no term/definition separator ' - ' in this row"
    ]


def test_gift_every_question_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, deck, lines, _ = run_import(tmp_path, capsys, "questions.gift", "gift")
    assert code == 0 and deck is not None
    assert cards_without_ids(deck) == [
        {
            "type": "mcq",
            "question": "In which city was the Collective Security Treaty signed in 1992?",
            "options": [
                {
                    "text": "Tashkent",
                    "correct": True,
                    "why": "Yes: it was signed in Tashkent on 15 May 1992.",
                },
                {"text": "Moscow", "why": "No: Moscow hosts the secretariat today."},
                {"text": "Minsk", "why": "No: Minsk is the CIS headquarters."},
            ],
            "explanation": "The treaty is often called the Tashkent Treaty.",
        },
        {
            "type": "mcq",
            "question": "Which of these states are CSTO members today?",
            "options": [
                {
                    "text": "Armenia",
                    "correct": True,
                    "why": "Still formally a member, though it froze its participation.",
                },
                {"text": "Belarus", "correct": True, "why": "A founding member."},
                {"text": "Uzbekistan", "why": "Uzbekistan left in 2012."},
                {"text": "Georgia", "why": "Georgia left in 1999."},
            ],
        },
        {
            "type": "true_false",
            "statement": "The CSTO was founded before NATO.",
            "answer": False,
            "explanation": "Right: NATO is older.",
        },
        {"type": "true_false", "statement": "Armenia signed the treaty in 1992.", "answer": True},
        {
            "type": "typed",
            "question": "What is the CSTO's highest body called?",
            "answers": ["Collective Security Council", "the Collective Security Council"],
            "explanation": "Right.",
        },
        {
            "type": "numeric",
            "question": "When was the Collective Security Treaty signed?",
            "answer": 1992,
            "explanation": "15 May 1992.",
        },
        {
            "type": "numeric",
            "question": "In what year did the CSTO become an organization?",
            "answer": 2002,
            "tolerance": 1.0,
            "explanation": "It was chartered in 2002.",
        },
        {
            "type": "match",
            "prompt": "Match each country with its capital.",
            "pairs": [["Armenia", "Yerevan"], ["Kazakhstan", "Astana"], ["Kyrgyzstan", "Bishkek"]],
        },
        {
            "type": "mcq",
            "question": "The Collective Security Treaty was signed in _____ in 1992.",
            "options": [
                {"text": "Moscow"},
                {"text": "Tashkent", "correct": True},
                {"text": "Minsk"},
            ],
        },
        {
            "type": "cloze",
            "text": "The CSTO's rapid reaction force is called the "
            "{{CRRF|Collective Rapid Reaction Force}} in English.",
        },
        {
            "type": "typed",
            "question": "Escapes: 1 + 1 = 2 {really} # not a comment : colon ~ tilde",
            "answers": ["two = 2"],
        },
        {
            "type": "mcq",
            "question": "Which is the largest CSTO member by area?",
            "options": [
                {"text": "Russia", "correct": True},
                {"text": "Kazakhstan", "why": "Second largest."},
                {"text": "Belarus"},
            ],
        },
    ]
    assert report(lines, "questions.gift") == [
        "4: note: category '$course$/top/CSTO basics' ignored (a deck has no categories)",
        "25: note: partial-credit answer 'Council' (50%) dropped",
        "31: note: extra right side 'Dushanbe' dropped (match cards have none)",
        "45: skipped: essay question: there is no answer to check",
        "47: skipped: no answer block `{…}`: a description, not a question",
        "49: skipped: several answers marked `=` (Moodle accepts any one of them; "
        "a studydeck mcq with several right options asks for all of them)",
        "57: skipped: unbalanced braces: the answer block needs `{` and `}`",
    ]


def test_ids_are_stable_across_imports_and_unique(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twice = tmp_path / "twice.gift"
    block = "Which city? {=Tashkent ~Moscow ~Minsk}\n\n"
    twice.write_text(block * 2)
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    assert main(["import", str(twice), "--from", "gift", "-o", str(first)]) == 0
    assert main(["import", str(twice), "--from", "gift", "-o", str(second)]) == 0
    a, b = load_deck(first).deck, load_deck(second).deck
    assert a is not None and b is not None
    ids = [c.id for c in a.cards]
    assert ids == [c.id for c in b.cards]
    assert re.fullmatch(r"which-city-[0-9a-f]{6}", ids[0]) and ids[1] == ids[0] + "-2"


def test_nothing_convertible_writes_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = tmp_path / "essays.gift"
    essay.write_text("Explain the treaty. {}\n\nJust a description.\n")
    out = tmp_path / "out.yaml"
    assert main(["import", str(essay), "--from", "gift", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert f"{essay}:1: skipped: essay question: there is no answer to check" in captured.out
    assert f"{essay}:3: skipped: no answer block" in captured.out
    assert "was not written" in captured.err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [essay]  # no temporary file left either


def test_existing_output_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.yaml"
    out.write_text("my own deck\n")
    args = ["import", str(DATA / "quizlet-tab.txt"), "--from", "quizlet", "-o", str(out)]
    assert main(args) == 2
    assert out.read_text() == "my own deck\n"
    assert "already exists" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
    deck = load_deck(out).deck
    assert deck is not None
    assert (deck.id, deck.title) == ("deck", "quizlet-tab")  # id from the deck file's name


def test_bad_id_and_non_utf8_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.yaml"
    args = ["import", str(DATA / "quizlet-tab.txt"), "--from", "quizlet", "-o", str(out)]
    assert main([*args, "--id", "Not An Id"]) == 2
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9\tcoffee\n".encode("latin-1"))
    assert main(["import", str(latin1), "--from", "quizlet", "-o", str(out)]) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert not out.exists()


def test_written_file_starts_with_the_schema_modeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, _, out = run_import(tmp_path, capsys, "questions.gift", "gift")
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("deck-v1.schema.json")
