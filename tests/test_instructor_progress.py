"""`studydeck progress export`: a real progress file written by real study sessions, read back.

Only the clock is fake: time is passed in, as everywhere in the study engine.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.instructor.progress import export_progress
from studydeck.instructor.pseudonym import PSEUDONYM_LABEL, pseudonym
from studydeck.store import ItemKey, open_store
from studydeck.study import Answer, Rating, open_session
from studydeck.study.scheduling import retrievability

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)

DECK = """\
studydeck: 1
id: csto-quiz
title: "CSTO quiz"
cards:
  - id: where
    type: mcq
    question: "Where was the treaty signed?"
    options:
      - {text: Tashkent, correct: true}
      - {text: Moscow, why: "Secretariat"}
      - {text: Minsk, why: "CIS"}
    tags: [history]
  - id: members
    type: basic
    front: "How many members?"
    back: "Six"
    tags: [members]
  - id: signed
    type: cloze
    text: "Signed in {{Tashkent}} in {{1992}}."
    tags: [history]
  - id: later
    type: true_false
    statement: "The CSTO was founded in 2002."
    answer: true
"""


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def write_deck(folder: Path, text: str = DECK) -> tuple[Path, Deck]:
    path = folder / "csto-quiz.yaml"
    path.write_text(text, encoding="utf-8")
    deck = load_deck(path).deck
    assert deck is not None
    return path, deck


Script = dict[tuple[str, str], list[Answer | Rating]]


def study(progress: Path, deck: Deck, clock: Clock, script: Script, answers: int) -> None:
    """Answer what the session shows, one minute apart, up to `answers` answers.

    Each item takes its scripted answers in turn and repeats the last one, so the counts below
    hold whatever order the scheduler picks.
    """
    store = open_store(progress, clock())
    try:
        session = open_session(store, [deck], now=clock)
        for _ in range(answers):
            item = session.current
            if item is None:
                break
            given_list = script[(item.key.card_id, item.key.part)]
            given = given_list.pop(0) if len(given_list) > 1 else given_list[0]
            if isinstance(given, Rating):
                session.record(given, elapsed=3.0)
            else:
                grade = session.check(given, hint_used=False, elapsed=3.0)
                session.record(grade.proposed, answer=given, grade=grade, elapsed=3.0)
            clock.now += timedelta(minutes=1)
    finally:
        store.close()


def card(summary: dict[str, Any], card_id: str) -> dict[str, Any]:
    (deck,) = summary["decks"]
    return next(c for c in deck["cards"] if c["id"] == card_id)


def test_export_counts_right_wrong_first_time_and_wrong_options(tmp_path: Path) -> None:
    _, deck = write_deck(tmp_path)
    progress = tmp_path / "data" / "progress.sqlite3"
    clock = Clock()
    script: Script = {
        ("where", ""): [frozenset({2}), frozenset({1}), frozenset({0})],  # wrong, wrong, right…
        ("members", ""): [Rating.GOOD],
        ("signed", "c1"): ["Tashkent"],
        ("signed", "c2"): ["1991", "1992"],
        ("later", ""): [True],
    }
    study(progress, deck, clock, script, answers=40)
    # `signed` waits for a day without `where` (both answer Tashkent: they are kept apart),
    # and its second deletion for another
    for _ in range(8):
        clock.now += timedelta(days=1)
        study(progress, deck, clock, script, answers=40)
    summary = export_progress(progress, [deck], clock.now)
    where = card(summary, "where")
    assert where["content_hash"] == deck.cards[0].content_hash()
    assert where["studied_hashes"] == [deck.cards[0].content_hash()]
    assert where["reviews"] >= 3 and where["wrong"] == 2
    assert where["right"] == where["reviews"] - 2
    assert where["right_first_time"] is False
    assert where["wrong_options"] == [
        {"option": 1, "text": "Moscow", "count": 1},
        {"option": 2, "text": "Minsk", "count": 1},
    ]
    assert where["prompt"] == "Where was the treaty signed?"
    signed = card(summary, "signed")
    assert (signed["parts"], signed["parts_studied"]) == (2, 2)
    assert signed["wrong"] == 1 and signed["right_first_time"] is False  # c2 wrong at first
    members = card(summary, "members")
    assert members["right_first_time"] is True and members["wrong"] == 0
    assert members["last_review"] is not None and members["reviews"] >= 1
    # recall probability is FSRS's, from the state the store keeps, at the export time
    store = open_store(progress, clock.now)
    try:
        state = store.item_state(ItemKey("csto-quiz", "members", ""))
    finally:
        store.close()
    expected = retrievability(deck.settings, state, clock.now)
    assert 0 < expected <= 1
    assert members["recall_probability"] == round(expected, 4)
    later = card(summary, "later")
    assert later["right_first_time"] is True and later["reviews"] == later["right"] >= 1


def test_unreached_cards_are_listed_with_zero_reviews(tmp_path: Path) -> None:
    _, deck = write_deck(tmp_path)
    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    script: Script = {("where", ""): [frozenset({0})]}
    study(progress, deck, clock, script, answers=1)
    summary = export_progress(progress, [deck], clock.now)
    ids = [c["id"] for c in summary["decks"][0]["cards"]]
    assert ids == ["where", "members", "signed", "later"]
    members = card(summary, "members")
    assert members["reviews"] == 0 and members["right_first_time"] is None
    assert members["recall_probability"] == 0.0 and members["last_review"] is None
    assert card(summary, "where")["right_first_time"] is True


def test_a_changed_card_keeps_both_versions_and_old_option_indexes_are_not_counted(
    tmp_path: Path,
) -> None:
    _, deck = write_deck(tmp_path)
    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    study(progress, deck, clock, {("where", ""): [frozenset({1})]}, answers=1)
    # the instructor swaps two options: index 1 now means something else
    _, changed = write_deck(
        tmp_path, DECK.replace('{text: Moscow, why: "Secretariat"}', "{text: Almaty, why: X}")
    )
    summary = export_progress(progress, [changed], clock.now)
    where = card(summary, "where")
    assert where["content_hash"] == changed.cards[0].content_hash()
    assert where["studied_hashes"] == [deck.cards[0].content_hash()]
    assert where["wrong_options"] == []  # given on the old version: not attributed to "Almaty"
    assert where["wrong"] == 1


def test_undone_answers_do_not_count(tmp_path: Path) -> None:
    _, deck = write_deck(tmp_path)
    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    store = open_store(progress, clock())
    try:
        session = open_session(store, [deck], now=clock)
        assert session.current is not None and session.current.key.card_id == "where"
        grade = session.check(frozenset({2}), hint_used=False, elapsed=2.0)
        session.record(grade.proposed, answer=frozenset({2}), grade=grade, elapsed=2.0)
        assert session.undo()
        grade = session.check(frozenset({0}), hint_used=False, elapsed=2.0)
        session.record(grade.proposed, answer=frozenset({0}), grade=grade, elapsed=2.0)
    finally:
        store.close()
    where = card(export_progress(progress, [deck], clock.now), "where")
    assert (where["reviews"], where["wrong"], where["right_first_time"]) == (1, 0, True)
    assert where["wrong_options"] == []


def test_cli_export_and_anonymous_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file, deck = write_deck(tmp_path)
    data = tmp_path / "learner-data"
    clock = Clock()
    study(
        data / "progress.sqlite3",
        deck,
        clock,
        {("where", ""): [frozenset({2})]},
        answers=1,
    )
    args = ["--data-dir", str(data), "progress", "export", "--decks", str(deck_file)]
    assert main(args) == 0
    named = json.loads(capsys.readouterr().out)
    assert named["studydeck_progress"] == 1 and named["anonymous"] is False
    assert named["learner"]["data_dir"] == str(data)
    assert named["learner"]["host"] == socket.gethostname()
    assert card(named, "where")["wrong_options"] == [{"option": 2, "text": "Minsk", "count": 1}]

    assert main([*args, "--anonymous"]) == 0
    text = capsys.readouterr().out
    anonymous = json.loads(text)
    assert anonymous["anonymous"] is True
    assert set(anonymous["learner"]) == {"id", "pseudonym"}
    alias = anonymous["learner"]["id"]
    assert alias.startswith("anon-") and anonymous["learner"]["pseudonym"] == alias
    with open_store(data / "progress.sqlite3", clock.now) as store:
        learner_id = store.learner_id()
    assert named["learner"]["id"] == learner_id  # the progress file's own random id
    assert named["learner"]["pseudonym"] == alias == pseudonym(learner_id)
    for identifying in (str(tmp_path), socket.gethostname(), getpass.getuser(), learner_id):
        assert identifying not in text
    assert main([*args, "--anonymous"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["learner"]["id"] == alias  # the same learner, the same pseudonym
    assert again["decks"] == anonymous["decks"]


def test_the_pseudonym_is_an_hmac_of_a_fixed_label_keyed_by_the_id() -> None:
    learner_id = "0123456789abcdef0123456789abcdef"
    digest = hmac.new(learner_id.encode(), PSEUDONYM_LABEL, hashlib.sha256).hexdigest()
    assert pseudonym(learner_id) == f"anon-{digest[:16]}"
    assert pseudonym(learner_id) != pseudonym("0123456789abcdef0123456789abcdee")
    assert learner_id not in pseudonym(learner_id)


def test_first_attempts_options_and_lapses(tmp_path: Path) -> None:
    """The report's item analysis reads each part's first answer and what was chosen."""
    _, deck = write_deck(tmp_path)
    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    script: Script = {
        ("where", ""): [frozenset({2}), frozenset({0})],
        ("members", ""): [Rating.AGAIN, Rating.GOOD],
        ("signed", "c1"): ["tashkent"],
        ("signed", "c2"): ["1991", "1992"],
        ("later", ""): [False, True],
    }
    study(progress, deck, clock, script, answers=40)
    # `signed` waits for a day without `where` (both answer Tashkent: they are kept apart)
    for _ in range(8):
        clock.now += timedelta(days=1)
        study(progress, deck, clock, script, answers=40)
    summary = export_progress(progress, [deck], clock.now)
    where = card(summary, "where")
    assert where["options"] == [
        {"text": "Tashkent", "correct": True},
        {"text": "Moscow", "correct": False},
        {"text": "Minsk", "correct": False},
    ]
    assert where["first_attempts"] == [
        {
            "part": "",
            "correct": False,
            "content_hash": deck.cards[0].content_hash(),
            "answer": "Minsk",
            "choice": [2],
        }
    ]
    signed = card(summary, "signed")
    assert [(a["part"], a["correct"], a["answer"]) for a in signed["first_attempts"]] == [
        ("c1", True, "tashkent"),
        ("c2", False, "1991"),
    ]
    later = card(summary, "later")
    assert later["options"] == [
        {"text": "True", "correct": True},
        {"text": "False", "correct": False},
    ]
    (first,) = later["first_attempts"]
    assert (first["answer"], first["choice"], first["correct"]) == ("False", [1], False)
    members = card(summary, "members")
    assert members["first_attempts"][0]["correct"] is False and "options" not in members
    assert members["lapses"] == 0  # Again while still learning is not a lapse
    # forgotten after it was learned: one lapse each time, counted per card
    script[("members", "")] = [Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    for _ in range(4):
        clock.now += timedelta(days=30)
        study(progress, deck, clock, script, answers=40)
    again = card(export_progress(progress, [deck], clock.now), "members")
    assert again["lapses"] == 2
    assert again["first_attempts"] == members["first_attempts"]  # the first stays the first


def test_no_progress_file_is_an_error_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "empty"
    assert main(["--data-dir", str(data), "progress", "export"]) == 1
    assert "no progress file" in capsys.readouterr().err
    assert not data.exists()


def test_first_answers_of_order_and_match_cards_in_words(tmp_path: Path) -> None:
    deck_text = DECK + (
        "  - id: sequence\n"
        "    type: order\n"
        "    prompt: Put in order\n"
        "    items: [Treaty, Charter, Freeze]\n"
        "  - id: pairs\n"
        "    type: match\n"
        "    prompt: Match\n"
        "    pairs: [[Armenia, Yerevan], [Belarus, Minsk], [Russia, Moscow]]\n"
    )
    _, deck = write_deck(tmp_path, deck_text)
    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    script: Script = {
        ("where", ""): [frozenset({0})],
        ("members", ""): [Rating.GOOD],
        ("signed", "c1"): ["Tashkent"],
        ("signed", "c2"): ["1992"],
        ("later", ""): [True],
        ("sequence", ""): [[1, 0, 2], [0, 1, 2]],
        ("pairs", ""): [{0: 1, 1: 0, 2: 2}, {0: 0, 1: 1, 2: 2}],
    }
    study(progress, deck, clock, script, answers=40)
    summary = export_progress(progress, [deck], clock.now)
    (order,) = card(summary, "sequence")["first_attempts"]
    assert (order["correct"], order["answer"]) == (False, "Charter → Treaty → Freeze")
    (match,) = card(summary, "pairs")["first_attempts"]
    # only the wrong pairs name a wrong match
    assert (match["correct"], match["answer"]) == (False, "Armenia → Minsk; Belarus → Yerevan")


def test_a_card_renamed_twice_is_one_card_in_the_export(tmp_path: Path) -> None:
    """Issue 18, point 17: answers given under the first id showed as a phantom card under the
    second (the rename was followed one step)."""
    from studydeck.study.renames import carry_renames

    progress = tmp_path / "progress.sqlite3"
    clock = Clock()
    _, deck = write_deck(tmp_path)
    items = [("where", ""), ("members", ""), ("signed", "c1"), ("signed", "c2"), ("later", "")]
    every: Script = {key: [Rating.EASY] for key in items}
    study(progress, deck, clock, every, 5)
    renamed = DECK.replace(
        "  - id: members\n", "  - id: member-count\n    previous_ids: [members]\n"
    )
    _, second = write_deck(tmp_path, renamed)
    twice = renamed.replace(
        "  - id: member-count\n    previous_ids: [members]\n",
        "  - id: member-states\n    previous_ids: [member-count]\n",
    )
    _, third = write_deck(tmp_path, twice)
    store = open_store(progress, clock())
    carry_renames(store, [second], clock())
    carry_renames(store, [third], clock())
    store.close()
    summary = export_progress(progress, [third], clock())
    ids = [c["id"] for c in summary["decks"][0]["cards"]]
    assert "member-count" not in ids and "members" not in ids
    assert card(summary, "member-states")["reviews"] == 1
