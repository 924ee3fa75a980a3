"""Leak detection: a card's visible text holding another card's answer is a located warning
naming both cards; near misses are not."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from studydeck.cli import main
from studydeck.deck.loader import LoadResult, load_deck

HEADER = """\
studydeck: 1
id: leaky
title: Leaky deck
sources: [{id: forster, title: The Collective Does Not Feel Secure}]
cards:
"""

# The five leaks of issue 13, as they were in the bundled decks.
LEAKY = """\
- id: a4-un-charter
  type: cloze
  text: Article 4 calls help the right of {{collective defence}} under Article 51 of the UN Charter.
  explanation: The Treaty leans on the UN Charter.
- id: a4-un-charter-article-number
  type: numeric
  question: Which article of the UN Charter does Article 4 of the Treaty invoke?
  answer: 51
  explanation: The UN Charter's self-defence article.
- id: a4-compared-with-nato
  type: typed
  question: Article 4 is often compared with which article of the North Atlantic Treaty?
  answers: [Article 5, Art. 5, "5"]
  explanation: Both treat an attack on one member as an attack on all.
- id: a4-compared-with-rio
  type: mcq
  question: Besides NATO's Article 5, Wikipedia likens Article 4 to which treaty?
  options:
    - {text: The Rio Treaty, correct: true, why: The Inter-American Treaty.}
    - {text: The Warsaw Pact, why: Dissolved in 1991.}
    - {text: The ANZUS Treaty, why: Not the comparison Wikipedia makes.}
  explanation: Two regional alliances.
- id: a4-amended-text
  type: true_false
  statement: The amended Article 4 adds to the 1992 wording.
  answer: true
  explanation: The amended text adds that aid comes at the victim's Request.
- id: a4-aid-at-request
  type: cloze
  text: Under the amended Article 4, members give aid at the {{request}} of the member under attack.
  explanation: Aid is not imposed.
- id: amending-protocol-year
  type: numeric
  question: In which year was the protocol amending the Treaty signed?
  answer: 2010
  explanation: Signed on 10 December.
- id: kyrgyzstan-osh
  type: basic
  front: What did the CSTO do when violence broke out in Osh in 2010?
  back: It sent no troops.
  explanation: It called the violence an internal affair.
- id: extension-protocol
  type: typed
  question: What did six presidents sign on 2 April 1999?
  answers: [The extension protocol, a protocol extending the Treaty]
  explanation: The Treaty ran for five years and needed renewing.
- id: states-that-left
  type: mcq
  question: Which states did not renew the Treaty?
  options:
    - {text: "Azerbaijan, Georgia and Uzbekistan", correct: true}
    - {text: "Armenia, Belarus and Kazakhstan", why: They signed the extension protocol.}
    - {text: "Russia, Tajikistan and Kyrgyzstan", why: They stayed.}
  explanation: Three of the nine parties left.
- id: current-members
  type: basic
  front: Which states are the CSTO's members?
  back: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.
  explanation: Six states since 2012.
- id: members-count
  type: numeric
  question: How many member states does the CSTO have?
  answer: 6
  explanation: "Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan."
"""

# The same facts, with near misses: other numbers, other word forms, generic answers.
CLEAN = """\
- id: un-charter-article-number
  type: numeric
  question: Which article of the UN Charter does Article 4 of the Treaty invoke?
  answer: 51
  explanation: The UN Charter's self-defence article, in force since 1945 (and cited in 1951).
- id: article-number
  type: numeric
  question: Which article of the Treaty is its collective-defence clause?
  answer: 4
  explanation: It treats aggression against one as aggression against all.
- id: aid-at-request
  type: cloze
  text: Under the amended Article 4, members give aid at the {{request}} of the member under attack.
  explanation: Aid is not imposed.
- id: amended-text
  type: true_false
  statement: The amended wording says aid is given when it is requested.
  answer: true
  explanation: The victim's requests come first.
- id: protocol-year
  type: numeric
  question: In which year was the protocol amending the Treaty signed?
  answer: 2010
  explanation: Signed in Moscow, nearly two decades after the Treaty.
- id: protocol-year-words
  type: basic
  front: When did the Collective Rapid Reaction Force form?
  back: In 20100 nobody knows; in 2009 it did.
  explanation: Not the same number.
- id: all-answer
  type: typed
  question: Whom does aggression against one member concern?
  answers: [all]
  explanation: All the other members, as with all alliances.
"""


def load(tmp_path: Path, cards: str, name: str = "deck.yaml") -> LoadResult:
    path = tmp_path / name
    path.write_text(HEADER + textwrap.indent(cards, "  "), encoding="utf-8")
    return load_deck(path)


def leaks(result: LoadResult) -> list[tuple[str | None, str, str]]:
    found = [p for p in result.problems if p.code == "leak"]
    assert all(p.severity == "warning" and p.other is not None for p in found)
    return [(p.card, p.other.card, p.message.rpartition(": ")[2]) for p in found if p.other]


def test_the_five_leaks_of_the_bundled_decks_are_found(tmp_path: Path) -> None:
    result = load(tmp_path, LEAKY)
    assert result.deck is not None  # warnings only
    assert leaks(result) == [
        ("a4-un-charter", "a4-un-charter-article-number", '"51"'),
        ("a4-compared-with-rio", "a4-compared-with-nato", '"Article 5"'),
        ("a4-amended-text", "a4-aid-at-request", '"request"'),
        ("kyrgyzstan-osh", "amending-protocol-year", '"2010"'),
        ("states-that-left", "extension-protocol", '"The extension protocol"'),
        (
            "members-count",
            "current-members",
            '"Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan."',
        ),
    ]


def test_a_leak_names_both_places(tmp_path: Path) -> None:
    result = load(tmp_path, LEAKY)
    first = next(p for p in result.problems if p.code == "leak")
    assert str(first).startswith(
        f"{tmp_path / 'deck.yaml'}:8:11: warning: card a4-un-charter: its text gives away the "
        'answer of card a4-un-charter-article-number (line 10): "51" — '
    )
    assert "related: [a4-un-charter-article-number]" in first.fix


def test_near_misses_and_generic_answers_are_not_leaks(tmp_path: Path) -> None:
    assert leaks(load(tmp_path, CLEAN)) == []


def test_declared_relations_silence_the_warning(tmp_path: Path) -> None:
    cards = LEAKY.replace(
        "- id: a4-un-charter-article-number\n",
        "- id: a4-un-charter-article-number\n  related: [a4-un-charter]\n",
    )
    assert ("a4-un-charter", "a4-un-charter-article-number", '"51"') not in leaks(
        load(tmp_path, cards)
    )


def test_json_output_carries_the_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load(tmp_path, LEAKY)
    assert main(["validate", "--format", "json", str(tmp_path / "deck.yaml")]) == 0
    report = json.loads(capsys.readouterr().out)
    leak = next(p for p in report["files"][0]["problems"] if p["code"] == "leak")
    assert leak["card"] == "a4-un-charter"
    assert leak["other"] == {
        "card": "a4-un-charter-article-number",
        "line": 10,
        "file": str(tmp_path / "deck.yaml"),
    }


OTHER_HEADER = HEADER.replace("id: leaky", "id: other").replace("Leaky deck", "Other deck")


def test_several_files_are_checked_across(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load(tmp_path, LEAKY, "first.yaml").deck is not None
    other = tmp_path / "other.yaml"
    other.write_text(
        OTHER_HEADER
        + textwrap.indent(
            "- id: osh-protocol\n  type: basic\n  front: What did Osh ask for in 2010?\n"
            "  back: Help, which was refused.\n"
            "- id: current-members\n  type: typed\n  question: Which member is in the Caucasus?\n"
            "  answers: [Armenia]\n",
            "  ",
        ),
        encoding="utf-8",
    )
    args = ["validate", "--format", "json", str(tmp_path / "first.yaml"), str(other)]
    for _ in range(2):  # the second time from the cache
        assert main(args) == 0
        report = json.loads(capsys.readouterr().out)
        problems = [p for f in report["files"] for p in f["problems"]]
        between = [p for p in problems if p["other"] and p["other"]["file"] != p["file"]]
        first = str(tmp_path / "first.yaml")
        assert [(p["card"], p["code"], p["other"]) for p in between if p["file"] == str(other)] == [
            ("osh-protocol", "leak", {"card": "amending-protocol-year", "line": 37, "file": first}),
            ("current-members", "same-id", {"card": "current-members", "line": 60, "file": first}),
        ]
        assert (
            "states-that-left",
            "leak",
            {"card": "current-members", "line": 10, "file": str(other)},
        ) in [(p["card"], p["code"], p["other"]) for p in between if p["file"] == first]
    # one file alone: nothing across
    assert main(["validate", "--format", "json", str(other)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert not [p for p in report["files"][0]["problems"] if p["code"] in ("leak", "same-id")]


def test_matching_is_as_lenient_as_grading(tmp_path: Path) -> None:
    cards = """\
- id: charter-city
  type: typed
  question: In which city was the CSTO Charter signed?
  answers: [Chisinau]
- id: charter-year
  type: basic
  front: When was the Charter signed in CHIȘINĂU?
  back: In 2002.
- id: council
  type: typed
  question: Which body is the CSTO's highest?
  answers: [The Collective Security Council]
- id: council-chair
  type: basic
  front: Who chairs the collective-security council?
  back: The head of the presiding state.
"""
    assert leaks(load(tmp_path, cards)) == [
        ("charter-year", "charter-city", '"Chisinau"'),
        ("council-chair", "council", '"The Collective Security Council"'),
    ]
