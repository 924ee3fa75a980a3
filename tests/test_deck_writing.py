"""Item-writing checks: each trips on a small deck made to trip it, and stays quiet on a near
miss."""

from __future__ import annotations

import textwrap
from pathlib import Path

from studydeck.deck.loader import LoadResult, load_deck

HEADER = """\
studydeck: 1
id: writing
title: Item writing
sources: [{id: s, title: A source}]
cards:
"""


def load(tmp_path: Path, cards: str) -> LoadResult:
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(cards), "  "), encoding="utf-8")
    return load_deck(path)


def found(result: LoadResult, code: str) -> list[str]:
    hits = [p for p in result.problems if p.code == code]
    assert all(p.severity == "warning" for p in hits)
    return [f"{p.line}:{p.card}: {p.message}" for p in hits]


def mcq(card_id: str, right: str, *wrong: str, question: str = "") -> str:
    options = "".join(f"\n    - {{text: {w!r}, why: No.}}" for w in wrong)
    return (
        f"- id: {card_id}\n  type: mcq\n  question: {question or 'Which is ' + card_id + '?'}\n"
        f"  options:\n    - {{text: {right!r}, correct: true}}{options}\n"
        "  explanation: E.\n  source: s\n"
    )


def test_a_deck_whose_right_options_are_the_longest_warns_once(tmp_path: Path) -> None:
    long = "Armenia, after its 2021 and 2022 appeals went unanswered"
    cards = mcq("q1", long, "Belarus", "Serbia") + mcq("q2", long, "Iran", "Peru")
    cards += mcq("q3", "Tajikistan", "Kazakhstan", "Kyrgyzstan")
    result = load(tmp_path, cards)
    (message,) = found(result, "longest-right")
    assert message.startswith("10:q1: the right option is clearly the longest in 2 of the deck's 3")


def test_right_options_longest_in_a_third_or_less_is_no_pattern(tmp_path: Path) -> None:
    long = "Armenia, after its 2021 and 2022 appeals went unanswered"
    cards = mcq("q1", long, "Belarus", "Serbia")
    cards += mcq("q2", "Tajikistan", "Kazakhstan", "Kyrgyzstan")
    cards += mcq("q3", "Russia", "Belarus and Kazakhstan together", "Serbia")
    # and a right option only a little longer than the wrong ones is not "clearly the longest"
    cards += mcq("q4", "Kazakhstan", "Armenia", "Belarus")
    assert found(load(tmp_path, cards), "longest-right") == []


def test_all_or_none_of_the_above_is_flagged(tmp_path: Path) -> None:
    cards = mcq("q1", "Russia", "Belarus", "None of the above.")
    cards += mcq("q2", "All of these", "Belarus", "Serbia")
    cards += mcq("q3", "Above all, Russia", "None of them joined in 1992", "Serbia")
    assert [m.split(": ", 1)[1] for m in found(load(tmp_path, cards), "of-the-above")] == [
        "option 3 is `None of the above.`",
        "option 1 is `All of these`",
    ]


def test_alphabetical_order_is_guessable(tmp_path: Path) -> None:
    cards = """\
    - id: by-year
      type: order
      prompt: Put these in order.
      items: ["1992: the Treaty", "2002: the CSTO", "2022: Kazakhstan"]
      explanation: E.
      source: s
    - id: by-event
      type: order
      prompt: Put these in order.
      items: [The Treaty is signed, The CSTO is founded, Troops go to Kazakhstan]
      explanation: E.
      source: s
    - id: two-items
      type: order
      prompt: Which came first?
      items: [Alpha, Beta]
      explanation: E.
      source: s
    """
    assert found(load(tmp_path, cards), "alphabetical-order") == [
        "9:by-year: the correct order is the alphabetical order of the items"
    ]


def test_pick_all_with_every_option_but_one_right(tmp_path: Path) -> None:
    cards = """\
    - id: mostly
      type: mcq
      question: Which are members?
      options:
        - {text: Russia, correct: true}
        - {text: Belarus, correct: true}
        - {text: Armenia, correct: true}
        - {text: Serbia, why: An observer.}
      explanation: E.
      source: s
    - id: balanced
      type: mcq
      question: Which are Central Asian members?
      options:
        - {text: Kazakhstan, correct: true}
        - {text: Tajikistan, correct: true}
        - {text: Belarus, why: Eastern Europe.}
        - {text: Armenia, why: South Caucasus.}
      explanation: E.
      source: s
    """
    assert found(load(tmp_path, cards), "mostly-right") == [
        "10:mostly: every option but one is right (3 of 4)"
    ]


def test_the_same_question_twice(tmp_path: Path) -> None:
    cards = """\
    - {id: first, type: basic, front: "Where was the Treaty signed?", back: Tashkent,
       explanation: E., source: s}
    - {id: again, type: typed, question: "where was the treaty SIGNED", answers: [Tashkent],
       explanation: E., source: s}
    - {id: near, type: basic, front: "When was the Treaty signed?", back: "1992",
       explanation: E., source: s}
    """
    result = load(tmp_path, cards)
    problems = [p for p in result.problems if p.code == "same-question"]
    assert [str(p).split(" — ")[0].split(": ", 1)[1] for p in problems] == [
        "warning: card again: asks the same question as card first (line 6)"
    ]
    assert problems[0].other is not None and problems[0].other.card == "first"


def test_strict_turns_warnings_into_a_failing_exit_code(tmp_path: Path) -> None:
    from studydeck.cli import main

    load(tmp_path, mcq("q1", "Russia", "Belarus", "None of the above"))
    deck = str(tmp_path / "deck.yaml")
    assert main(["validate", deck]) == 0
    assert main(["validate", "--strict", deck]) == 1
    assert main(["validate", "--strict", "--format", "json", deck]) == 1
    load(tmp_path, mcq("q1", "Russia", "Belarus", "Serbia"))
    assert main(["validate", "--strict", deck]) == 0
