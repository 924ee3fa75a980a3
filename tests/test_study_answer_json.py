"""The answer as the log keeps it: progress files hold a log of this very JSON, so its text for
each card type's answer is pinned here, byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest

from studydeck.study.session import encode_answer


@pytest.mark.parametrize(
    ("answer", "logged"),
    [
        (None, None),  # basic: self-graded
        (True, "true"),  # true/false
        (False, "false"),
        ("", '""'),  # typed, cloze, numeric: the text as typed, not escaped to ASCII
        ("Ташкент", '"Ташкент"'),
        ('say "hi"\n\\', '"say \\"hi\\"\\n\\\\"'),
        ("1 000,5", '"1 000,5"'),
        ("😀", '"😀"'),
        (frozenset({3, 0, 11}), "[0, 3, 11]"),  # mcq: the chosen options, sorted
        (frozenset(), "[]"),
        ([2, 0, 1], "[2, 0, 1]"),  # order: as the learner left it
        ({0: 1, 10: 2, 2: 0}, '{"0": 1, "10": 2, "2": 0}'),  # match: keys sorted as text
        ({}, "{}"),
    ],
)
def test_the_answers_of_every_card_type(answer: Any, logged: str | None) -> None:
    assert encode_answer(answer) == logged


def test_what_the_log_keeps_reads_back_as_the_answer() -> None:
    assert json.loads(encode_answer({1: 0, 0: 1}) or "") == {"0": 1, "1": 0}
    assert json.loads(encode_answer(frozenset({4, 2})) or "") == [2, 4]
