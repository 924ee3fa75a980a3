"""Plain mode (`studydeck study --plain`) as a learner or a script meets it: the real command in
a subprocess, answers fed to its standard input, answers checked in the real progress file."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DECK = """\
studydeck: 1
id: plain
title: Plain deck
sources:
  - id: treaty
    title: Treaty on Collective Security
cards:
  - id: capital
    type: basic
    front: What is the capital of Armenia?
    back: Yerevan
    explanation: Since 1918.
    source: {id: treaty, locator: "art. 4"}
    hint: It starts with Y.
  - id: article
    type: mcq
    question: Which article is about collective defence?
    shuffle: false
    options:
      - text: Article 4
        correct: true
      - text: Article 7
        why: Article 7 is about troops.
  - id: members
    type: mcq
    question: Which of these are members?
    shuffle: false
    options:
      - text: Armenia
        correct: true
      - text: Georgia
      - text: Kazakhstan
        correct: true
  - id: founders
    type: mcq
    question: How many states signed the treaty at first?
    shuffle: false
    options:
      - text: "4"
      - text: "6"
        correct: true
  - id: tashkent
    type: true_false
    statement: The treaty was signed in May.
    answer: true
  - id: city
    type: typed
    question: In which city was the treaty signed?
    answers: [Tashkent]
  - id: year
    type: numeric
    question: In which year did the treaty come into force?
    answer: 1994
    tolerance: 1
  - id: date
    type: cloze
    text: The treaty was signed on {{15 May}} 1992.
  - id: events
    type: order
    prompt: Put these in order, earliest first.
    items: [Treaty signed, Treaty in force, CSTO founded]
  - id: capitals
    type: match
    prompt: Match each country with its capital.
    pairs:
      - [Kyrgyzstan, Bishkek]
      - [Belarus, Minsk]
"""


class Plain:
    """The command, run in plain mode, talked to prompt by prompt."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        deck = tmp_path / "plain.yaml"
        deck.write_text(DECK, encoding="utf-8")
        self.data = tmp_path / "data"
        env = {**os.environ, "TERM": "xterm", "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "studydeck",
                "--data-dir",
                str(self.data),
                "study",
                str(deck),
                "--plain",
                *extra,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.seen = ""

    def until(self, prompt: str) -> str:
        """Everything printed up to and including `prompt` (which is waited for)."""
        assert self.proc.stdout is not None
        got = b""
        while not got.decode("utf-8", "replace").endswith(prompt):
            byte = self.proc.stdout.read(1)
            assert byte, f"ended before {prompt!r}: {self.seen + got.decode()!r}"
            got += byte
        text = got.decode("utf-8")
        self.seen += text
        return text

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def answer(self, line: str, then: str = "Rating (") -> str:
        self.send(line)
        return self.until(then)

    def close(self) -> tuple[int, str]:
        rest, err = self.proc.communicate(timeout=30)  # closes standard input: its end
        self.seen += rest.decode("utf-8")
        return self.proc.returncode, err.decode()

    def reviews(self) -> list[tuple[str, str, int, int]]:
        with sqlite3.connect(self.data / "progress.sqlite3") as db:
            return db.execute(
                "SELECT card_id, part, correct, rating FROM reviews WHERE undone = 0 ORDER BY id"
            ).fetchall()


def listed(text: str) -> dict[str, str]:
    """`1. Treaty signed` lines: label → text."""
    return {m[1]: m[2] for m in re.finditer(r"^([0-9a-i])\. (.*)$", text, re.MULTILINE)}


def test_every_card_type_answered_as_in_the_app(tmp_path: Path) -> None:
    run = Plain(tmp_path)
    shown = run.until("Your answer: ")
    assert "Question 1 of 10 (new)" in shown and "What is the capital of Armenia?" in shown
    assert "Press enter to show the answer." in shown
    text = run.answer("")  # the flashcard: reveal
    assert "Answer: Yerevan" in text and "Why: Since 1918." in text
    assert "Source: Treaty on Collective Security, art. 4" in text
    assert "Rate it: 1 Again (10 minutes), 2 Hard" in text
    run.send("")  # accept Good
    text = run.until("Your answer: ")
    assert "Saved: Good." in text and "1. Article 4\n2. Article 7" in text
    text = run.answer("2")
    assert "Wrong." in text and "Answer: Article 4" in text
    assert "Not “Article 7”: Article 7 is about troops." in text
    run.send("")  # Again, as proposed
    text = run.until("Your answer: ")
    assert "pick all that apply" in text
    run.answer("1, 3")
    run.send("")
    text = run.until("Your answer: ")
    assert "a. 4\nb. 6" in text  # options that are numbers are lettered
    run.send("2")
    assert "Type an option's label: a, b." in run.until("Your answer: ")
    assert "Right." in run.answer("b")
    run.send("")
    run.until("Your answer: ")
    assert "Right." in run.answer("t")
    run.send("4")  # Easy instead of the proposed Good
    run.until("Your answer: ")
    assert "Right." in run.answer("tashkent")
    run.send("")
    run.until("Your answer: ")
    run.send("nineteen ninety-four")  # not a number: asked again, not graded
    assert "is not a number. Type a number" in run.until("Your answer: ")
    text = run.answer("1993")
    assert "Right." in text and "Exact value: 1994" in text
    run.send("")
    text = run.until("Your answer: ")
    assert "The treaty was signed on [blank] 1992." in text
    run.answer("15 May")
    run.send("")
    text = run.until("Your answer: ")
    items = {v: k for k, v in listed(text).items()}
    order = [items["Treaty signed"], items["Treaty in force"], items["CSTO founded"]]
    assert "Right." in run.answer(" ".join(order))
    run.send("")
    text = run.until("Your answer: ")
    sides = {v: k for k, v in listed(text).items()}
    assert "Right." in run.answer(f"1{sides['Bishkek']} 2{sides['Minsk']}")
    run.send("")
    code, err = run.close()
    assert code == 0, err
    assert "Session over." in run.seen and "Answers: 10" in run.seen
    assert "Back today: 1 again today, next at" in run.seen  # the wrong article
    got = run.reviews()
    assert [r[0] for r in got] == [
        "capital",
        "article",
        "members",
        "founders",
        "tashkent",
        "city",
        "year",
        "date",
        "events",
        "capitals",
    ]
    assert [r[2] for r in got] == [1, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    assert [r[3] for r in got] == [3, 1, 3, 3, 4, 3, 3, 3, 3, 3]
    # plain: no colour or cursor movement, no box drawing
    assert "\x1b" not in run.seen
    assert not re.search("[\u2500-\u259f]", run.seen)


def test_hint_undo_and_quit(tmp_path: Path) -> None:
    run = Plain(tmp_path)
    run.until("Your answer: ")
    run.send("?")
    assert "Hint: It starts with Y." in run.until("Your answer: ")
    run.answer("")
    run.send("1")  # Again
    run.until("Your answer: ")
    run.send("?")
    assert "This question has no hint." in run.until("Your answer: ")
    run.send("u")  # takes the flashcard's answer back: it is asked again
    text = run.until("Your answer: ")
    assert "taken back" in text and "What is the capital of Armenia?" in text
    run.answer("")
    run.send("3")
    run.until("Your answer: ")
    run.send("q")
    code, _ = run.close()
    assert code == 0 and "Session over." in run.seen and "Answers: 1" in run.seen
    assert run.reviews() == [("capital", "", 1, 3)]


@pytest.mark.parametrize("graded_first", [False, True])
def test_end_of_input_ends_cleanly_and_keeps_every_answer(
    tmp_path: Path, graded_first: bool
) -> None:
    """A file of answers that stops short: everything answered is saved, exit 0."""
    run = Plain(tmp_path)
    run.until("Your answer: ")
    run.answer("")
    run.send("")  # the flashcard, Good
    run.until("Your answer: ")
    if graded_first:
        run.answer("1")  # graded right, not yet rated: kept with the proposed Good
    code, err = run.close()
    assert code == 0, err
    assert "Session over." in run.seen and "Traceback" not in err
    expected = [("capital", "", 1, 3)] + ([("article", "", 1, 3)] if graded_first else [])
    assert run.reviews() == expected


def test_answers_piped_from_a_file_and_no_textual(tmp_path: Path) -> None:
    deck = tmp_path / "plain.yaml"
    deck.write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    probe = (
        "import sys\n"
        "from studydeck.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print('LOADED', loaded)\n"
        "sys.exit(code)\n"
    )
    answers = "\n\n1\n\n1 3\n\n"  # flashcard, Good; Article 4, Good; members, Good; then ends
    proc = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(data), "study", str(deck)],
        input=answers,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout  # chosen by itself (output is a pipe), without Textual
    assert proc.stdout.count("Saved: Good.") == 3
