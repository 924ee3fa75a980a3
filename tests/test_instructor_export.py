"""`studydeck export`: a real .apkg written by genanki, read back with sqlite3; CSV read back."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from studydeck.cli import main

DECK = """\
studydeck: 1
id: export-test
title: "Export <test> & co"
description: "Every card type"
tags: [csto]
sources:
  - {id: treaty, title: "Collective Security Treaty", year: 1992, url: "https://example.org/t"}
cards:
  - id: members-count
    type: basic
    front: "How many members? <b>not bold</b>"
    back: "Six & counting"
    reverse: true
    explanation: "Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan."
    source: {id: treaty, locator: "Art. 1"}
    tags: [members]
  - id: signed-where
    type: cloze
    text: "Signed in {{Tashkent}} in {{1992|ninety-two}}."
    explanation: "15 May 1992."
    source: treaty
  - id: founding-city
    type: mcq
    question: "Where was the treaty signed?"
    options:
      - {text: Tashkent, correct: true}
      - {text: Moscow, why: "The secretariat is there."}
      - {text: Minsk, why: "The CIS is based there."}
  - id: nato-older
    type: true_false
    statement: "NATO is older than the CSTO."
    answer: true
  - id: council
    type: typed
    question: "Highest body?"
    answers: ["Collective Security Council", "CSC"]
  - id: year
    type: numeric
    question: "Charter year?"
    answer: 2002
    tolerance: 1
  - id: order
    type: order
    prompt: "Order these"
    items: [Treaty, Charter, Kazakhstan]
  - id: capitals
    type: match
    prompt: "Match"
    pairs: [[Armenia, Yerevan], [Belarus, Minsk]]
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "export-test.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def read_collection(apkg: Path, folder: Path) -> dict[str, Any]:
    """Unzip collection.anki2 and read it with sqlite3 alone (not with genanki)."""
    with zipfile.ZipFile(apkg) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        archive.extract("collection.anki2", folder)
    conn = sqlite3.connect(folder / "collection.anki2")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
        notes = conn.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT nid, did, ord FROM cards ORDER BY nid, ord").fetchall()
    finally:
        conn.close()
    models = json.loads(models_json)
    return {
        "models": models,
        "decks": json.loads(decks_json),
        "notes": [
            {
                "id": nid,
                "guid": guid,
                "mid": mid,
                "notetype": models[str(mid)]["name"],
                "fields": flds.split("\x1f"),
                "tags": tags.split(),
            }
            for nid, guid, mid, flds, tags in notes
        ],
        "cards": cards,
    }


def test_apkg_has_every_card_as_a_note(
    tmp_path: Path, deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.apkg"
    assert main(["export", str(deck_file), "--to", "apkg", "-o", str(out)]) == 0
    assert "8 notes, 10 Anki cards" in capsys.readouterr().out
    col = read_collection(out, tmp_path / "a")
    notes = col["notes"]
    assert len(notes) == 8
    assert [n["notetype"] for n in notes] == [
        "studydeck basic (export-test)",
        "studydeck cloze (export-test)",
        *["studydeck basic (export-test)"] * 6,
    ]
    basic_fields = [f["name"] for f in col["models"][str(notes[0]["mid"])]["flds"]]
    assert basic_fields == ["Front", "Back", "Explanation", "Source", "Add Reverse"]
    cloze_fields = [f["name"] for f in col["models"][str(notes[1]["mid"])]["flds"]]
    assert cloze_fields == ["Text", "Back Extra", "Explanation", "Source"]
    by_front = {n["fields"][0]: n for n in notes}
    members = notes[0]
    assert members["fields"] == [
        "How many members? &lt;b&gt;not bold&lt;/b&gt;",  # our text is text, not HTML
        "Six &amp; counting",
        "Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan.",
        "Collective Security Treaty, 1992, Art. 1 &lt;https://example.org/t&gt;",
        "y",
    ]
    assert sorted(members["tags"]) == ["csto", "members"]
    assert notes[1]["fields"] == [
        "Signed in {{c1::Tashkent}} in {{c2::1992}}.",
        "1992: also ninety-two",
        "15 May 1992.",
        "Collective Security Treaty, 1992 &lt;https://example.org/t&gt;",
    ]
    mcq = notes[2]["fields"]
    assert mcq[0] == "Where was the treaty signed?<br>A. Tashkent<br>B. Moscow<br>C. Minsk"
    assert mcq[1] == "A. Tashkent"
    assert mcq[2] == "B. Moscow: The secretariat is there.<br>C. Minsk: The CIS is based there."
    assert by_front["True or false? NATO is older than the CSTO."]["fields"][1] == "True"
    assert by_front["Highest body?"]["fields"][1] == "Collective Security Council / CSC"
    assert by_front["Charter year?"]["fields"][1] == "2002 (± 1)"
    order = notes[6]["fields"]
    assert order[0] == "Order these<br>- Charter<br>- Kazakhstan<br>- Treaty"  # not the answer
    assert order[1] == "1. Treaty<br>2. Charter<br>3. Kazakhstan"
    match = notes[7]["fields"]
    assert match[0] == "Match<br>- Armenia<br>- Belarus<br>(choose from: Minsk, Yerevan)"
    assert match[1] == "Armenia → Yerevan<br>Belarus → Minsk"
    # Anki cards: the reversed basic note makes 2, the cloze with two deletions makes 2
    per_note: dict[int, list[int]] = {}
    for nid, _, ord_ in col["cards"]:
        per_note.setdefault(nid, []).append(ord_)
    assert [per_note[n["id"]] for n in notes] == [[0, 1], [0, 1], [0], [0], [0], [0], [0], [0]]
    deck_ids = {did for _, did, _ in col["cards"]}
    assert len(deck_ids) == 1
    assert col["decks"][str(deck_ids.pop())]["name"] == "Export <test> & co"


def test_apkg_ids_are_stable_and_belong_to_the_deck(tmp_path: Path, deck_file: Path) -> None:
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    assert main(["export", str(deck_file), "-o", str(first)]) == 0
    assert main(["export", str(deck_file), "-o", str(second)]) == 0
    a = read_collection(first, tmp_path / "a")
    b = read_collection(second, tmp_path / "b")
    assert [(n["guid"], n["mid"]) for n in a["notes"]] == [
        (n["guid"], n["mid"]) for n in b["notes"]
    ]
    assert {did for _, did, _ in a["cards"]} == {did for _, did, _ in b["cards"]}
    assert len({n["guid"] for n in a["notes"]}) == 8
    other = tmp_path / "other.yaml"
    other.write_text(deck_file.read_text().replace("id: export-test", "id: another-deck"))
    third = tmp_path / "3.apkg"
    assert main(["export", str(other), "-o", str(third)]) == 0
    c = read_collection(third, tmp_path / "c")
    assert {n["mid"] for n in c["notes"]}.isdisjoint({n["mid"] for n in a["notes"]})
    assert {n["guid"] for n in c["notes"]}.isdisjoint({n["guid"] for n in a["notes"]})


def test_csv_has_one_row_per_card(tmp_path: Path, deck_file: Path) -> None:
    out = tmp_path / "deck.csv"
    assert main(["export", str(deck_file), "--to", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "type", "prompt", "answer", "explanation", "source", "tags"]
    assert [(r["id"], r["type"]) for r in rows] == [
        ("members-count", "basic"),
        ("signed-where", "cloze"),
        ("founding-city", "mcq"),
        ("nato-older", "true_false"),
        ("council", "typed"),
        ("year", "numeric"),
        ("order", "order"),
        ("capitals", "match"),
    ]
    assert rows[0] == {
        "id": "members-count",
        "type": "basic",
        "prompt": "How many members? <b>not bold</b>",
        "answer": "Six & counting",
        "explanation": "Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan.",
        "source": "Collective Security Treaty, 1992, Art. 1 <https://example.org/t>",
        "tags": "csto members",
    }
    assert rows[1]["prompt"] == "Signed in […] in […]."
    assert rows[1]["answer"] == "Tashkent; 1992 / ninety-two"
    assert rows[2]["prompt"] == "Where was the treaty signed?\nA. Tashkent\nB. Moscow\nC. Minsk"
    assert rows[2]["explanation"] == (
        "B. Moscow: The secretariat is there.\nC. Minsk: The CIS is based there."
    )


def test_export_refuses_a_deck_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("studydeck: 1\nid: bad\ntitle: Bad\ncards:\n  - {id: a, type: basic}\n")
    out = tmp_path / "bad.apkg"
    assert main(["export", str(bad), "--to", "apkg", "-o", str(out)]) == 1
    assert "missing required field" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(bad), "-o", str(tmp_path / "bad.txt")]) == 2


def test_a_question_that_says_pick_all_is_not_told_twice(tmp_path: Path) -> None:
    from studydeck.deck.loader import load_deck
    from studydeck.deck.models import McqCard
    from studydeck.deck.text import card_prompt as prompt

    deck = tmp_path / "d.yaml"
    deck.write_text(
        "studydeck: 1\nid: d\ntitle: D\ncards:\n"
        "  - id: says\n    type: mcq\n    question: Which are members? (Pick all that apply.)\n"
        "    options:\n      - {text: Armenia, correct: true}\n"
        "      - {text: Belarus, correct: true}\n      - {text: Georgia}\n"
        "  - id: silent\n    type: mcq\n    question: Which are members?\n"
        "    options:\n      - {text: Armenia, correct: true}\n"
        "      - {text: Belarus, correct: true}\n      - {text: Georgia}\n",
        encoding="utf-8",
    )
    loaded = load_deck(deck).deck
    assert loaded is not None
    says, silent = (c for c in loaded.cards if isinstance(c, McqCard))
    assert prompt(says).splitlines()[0] == "Which are members? (Pick all that apply.)"
    assert prompt(silent).splitlines()[0] == "Which are members? (choose all that apply)"
