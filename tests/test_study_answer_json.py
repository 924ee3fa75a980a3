"""The answer as the log keeps it: written by hand for the answers of the card types, it must be
the very JSON that json.dumps wrote before (progress files hold a log of it)."""

from __future__ import annotations

import json
import random
from typing import Any

from studydeck.study.session import encode_answer


def reference(answer: Any) -> str | None:
    """encode_answer as it was, with json.dumps."""
    if answer is None:
        return None
    if isinstance(answer, frozenset | set):
        return json.dumps(sorted(answer))
    if isinstance(answer, dict):
        return json.dumps({str(k): v for k, v in answer.items()}, sort_keys=True)
    return json.dumps(answer, ensure_ascii=False)


def test_the_answers_of_every_card_type() -> None:
    rng = random.Random(3)
    answers: list[Any] = [None, True, False, "", "Ташкент", 'say "hi"\n\\', "1 000,5", "😀"]
    for n in range(13):
        indexes = list(range(n))
        rng.shuffle(indexes)
        answers += [frozenset(indexes[: rng.randint(0, n)]), indexes]  # mcq, order
        answers.append({i: rng.randrange(n) for i in range(n)})  # match, 10 and more sorted as text
    for answer in answers:
        assert encode_answer(answer) == reference(answer), answer


def test_anything_else_as_json_writes_it() -> None:
    odd: list[Any] = [
        [True, 1],
        {1: True},
        {True: 1},
        {-1: 2, 3: -4},
        [10**30, -5],
        frozenset({"é", "a"}),
        ["é"],
        [1.5],
        {0: "x"},
        set(),
        {},
        [],
    ]
    for answer in odd:
        assert encode_answer(answer) == reference(answer), answer
