"""Grading: what counts as right for each card type, and the rating proposed."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from typing import Any

import pytest

from studydeck.deck.format import checked_card
from studydeck.deck.models import Card
from studydeck.study import Rating, grade
from studydeck.study.grading import Answer
from studydeck.study.matching import edit_distance, key, match_text, one_edit_apart, parse_number


def card(**data: Any) -> Card:
    return checked_card({"id": "c", **data})


TYPED = card(type="typed", question="Q?", answers=["Kazakhstan", "Republic of Kazakhstan"])


def g(c: Card, answer: Answer, part: str = "", **kw: Any) -> Any:
    args: dict[str, Any] = {"hint_used": False, "elapsed": 5.0, "usual": None} | kw
    return grade(c, part, answer, **args)


@pytest.mark.parametrize(
    "given",
    ["Kazakhstan", "kazakhstan", "  KAZAKHSTAN ", "Kazakhstan.", "the Kazakhstan", "Kazakhstán"],
)
def test_typed_lenient_exact(given: str) -> None:
    result = g(TYPED, given)
    assert (result.correct, result.almost, result.proposed) == (True, False, Rating.GOOD)


def test_typed_one_letter_slip_is_almost_and_hard() -> None:
    result = g(TYPED, "Kazakstan")
    assert (result.correct, result.almost, result.proposed) == (True, True, Rating.HARD)
    assert result.detail == "Accepted 'Kazakstan' (one-letter slip) for 'Kazakhstan'"
    assert g(TYPED, "Kazakhtsan").almost  # neighbours swapped: one slip too


def test_typed_wrong() -> None:
    for given in ("Kazakhs", "Kyrgyzstan", "", "Kazkstan"):
        result = g(TYPED, given)
        assert (result.correct, result.proposed) == (False, Rating.AGAIN), given
    assert g(TYPED, "Russia").expected == "Kazakhstan"


def test_slip_not_accepted_in_short_answers_or_numbers() -> None:
    short = card(type="typed", question="Q", answers=["Baku"])
    assert not g(short, "Bako").correct
    year = card(type="typed", question="Q", answers=["May 1992"])
    assert not g(year, "May 1993").correct
    assert g(year, "Mai 1992").almost


def test_articles_punctuation_and_spacing() -> None:
    c = card(type="typed", question="Q", answers=["The Collective Security Treaty"])
    assert g(c, "collective security-treaty").correct
    assert g(c, "a Collective  Security Treaty!").correct
    assert key("An apple") == "apple" and key("the") == "the"


def test_hint_and_slowness_make_hard() -> None:
    assert g(TYPED, "Kazakhstan", hint_used=True).proposed == Rating.HARD
    slow = g(TYPED, "Kazakhstan", elapsed=30.0, usual=10.0)
    assert slow.proposed == Rating.HARD and "slower than your usual 10 s" in slow.detail
    # slower than 2.5x but under 20 s is not "much slower"
    assert g(TYPED, "Kazakhstan", elapsed=19.0, usual=4.0).proposed == Rating.GOOD
    assert g(TYPED, "Kazakhstan", elapsed=24.0, usual=10.0).proposed == Rating.GOOD
    assert g(TYPED, "Kazakhstan", elapsed=300.0, usual=None).proposed == Rating.GOOD
    assert g(TYPED, "Russia", hint_used=True).proposed == Rating.AGAIN


def test_numeric_with_tolerance() -> None:
    c = card(type="numeric", question="Q", answer=1992)
    assert g(c, "1992").correct and g(c, " 1 992 ").correct and g(c, "1992.0").correct
    assert not g(c, "1993").correct
    bad = g(c, "nineteen")
    assert not bad.correct and bad.detail == "'nineteen' is not a number"
    t = card(type="numeric", question="Q", answer=3.5, tolerance=0.25)
    assert g(t, "3,3").correct and g(t, "3.75").correct and not g(t, "3.76").correct
    assert g(t, "1").expected == "3.5 ± 0.25"


def test_parse_number() -> None:
    assert parse_number("1,000,000") == 1e6
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("-2.5e3") == -2500
    assert parse_number("nan") is None and parse_number("") is None
    assert parse_number("3,5") == 3.5 and parse_number("1234,5") == 1234.5
    assert parse_number("12,345") == 12345 and parse_number("-1,000") == -1000
    assert parse_number("1 000\u00a0000") == 1e6 and parse_number("1,2,3") is None


def test_cloze_deletions_and_alternatives() -> None:
    c = card(type="cloze", text="Signed in {{Tashkent|Tashkent city}} in {{1992}}.")
    assert g(c, "tashkent", "c1").correct and g(c, "Tashkent City", "c1").correct
    assert g(c, "Tashkint", "c1").almost
    assert g(c, "1992", "c2").correct and not g(c, "Tashkent", "c2").correct
    assert g(c, "x", "c2").expected == "1992"
    with pytest.raises(ValueError):
        g(c, "x", "c3")


def test_mcq_single_and_multiple() -> None:
    options = [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C", "correct": True}]
    multi = card(type="mcq", question="Q", options=options)
    assert g(multi, frozenset({0, 2})).correct
    partial = g(multi, frozenset({0, 1}))
    assert not partial.correct and partial.wrong_choices == (1,)
    assert not g(multi, frozenset({0})).correct and g(multi, frozenset()).expected == "A; C"
    single = card(type="mcq", question="Q", options=[{"text": "A"}, {"text": "B", "correct": True}])
    assert g(single, frozenset({1})).correct and not g(single, frozenset({0, 1})).correct


def test_true_false_order_match() -> None:
    tf = card(type="true_false", statement="S", answer=False)
    assert g(tf, False).correct and not g(tf, True).correct and g(tf, True).expected == "False"
    order = card(type="order", prompt="P", items=["a", "b", "c"])
    assert g(order, [0, 1, 2]).correct and not g(order, [1, 0, 2]).correct
    assert g(order, [0, 1]).proposed == Rating.AGAIN
    match = card(type="match", prompt="P", pairs=[["x", "1"], ["y", "2"]])
    assert g(match, {0: 0, 1: 1}).correct and not g(match, {0: 1, 1: 0}).correct
    assert not g(match, {0: 0}).correct
    assert g(match, {}).expected == "x → 1; y → 2"


def test_basic_is_self_graded() -> None:
    c = card(type="basic", front="F", back="B", reverse=True)
    assert g(c, None).expected == "B" and g(c, None, "reverse").expected == "F"


def test_a_grade_is_frozen() -> None:
    made = grade(TYPED, "", "Kazakhstan", hint_used=False, elapsed=5.0, usual=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.correct = False  # type: ignore[misc]


def test_edit_distance() -> None:
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("abc", "acb") == 1
    assert edit_distance("abc", "ab") == 1
    assert edit_distance("kitten", "sitting") == 3


def full_key(text: str) -> str:
    """`key` without its shortcut for ASCII text."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[\W_]+", " ", plain).split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return "".join(words)


def test_the_shortcuts_of_matching_change_no_result() -> None:
    # key skips NFKD for ASCII text; match_text finds a slip without edit_distance's table
    rng = random.Random(5)
    letters = "abcdeé ñ-'.1ÅΣσß\u0301ﬁ"
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 9))) for _ in range(3000)]
    texts += [chr(c) * 3 for c in range(128)]
    for text in texts:
        assert key(text) == full_key(text), text

    def edited(text: str) -> str:
        for _ in range(rng.randint(0, 3)):  # insert, delete, replace or swap a letter
            i = rng.randint(0, len(text))
            kind = rng.randrange(4)
            if kind == 0:
                text = text[:i] + rng.choice(letters) + text[i:]
            elif kind == 1 and i < len(text):
                text = text[:i] + text[i + 1 :]
            elif kind == 2 and i < len(text):
                text = text[:i] + rng.choice(letters) + text[i + 1 :]
            elif i + 1 < len(text):
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text

    almost = 0
    for accepted in texts:
        given = edited(accepted)
        g_key, a_key = key(given), key(accepted)
        m = match_text(given, [accepted])
        slip = (
            bool(g_key)
            and g_key != a_key
            and len(a_key) >= 5
            and "".join(filter(str.isdigit, a_key)) == "".join(filter(str.isdigit, g_key))
            and edit_distance(a_key, g_key) == 1
        )
        assert one_edit_apart(given, accepted) == (edit_distance(given, accepted) == 1)
        assert m.correct == (bool(g_key) and (g_key == a_key or slip)), (given, accepted)
        assert m.almost == slip, (given, accepted)
        almost += slip
    assert almost > 100  # slips were among them
