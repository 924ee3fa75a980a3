"""The deck loader and validator: every card type, every rule, every hostile file.

Each test writes a real YAML file and asserts on the message and the line it points at.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studydeck.deck.format import DECK_ADAPTER
from studydeck.deck.loader import LoadResult, find_deck_files, load_deck
from studydeck.deck.models import (
    BasicCard,
    ClozeCard,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studydeck.deck.problems import Problem

HEADER = """\
studydeck: 1
id: test-deck
title: Test deck
description: A deck for the tests.
sources:
  - id: forster
    title: The Collective Does Not Feel Secure
    author: Lachlan Forster
cards:
"""


def load_text(tmp_path: Path, text: str, name: str = "deck.yaml") -> LoadResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def load_cards(tmp_path: Path, cards: str) -> LoadResult:
    return load_text(tmp_path, HEADER + textwrap.indent(textwrap.dedent(cards), "  "))


def only(result: LoadResult, severity: str = "error") -> Problem:
    found = [p for p in result.problems if p.severity == severity]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


GOOD_CARDS = """\
- id: basic-one
  type: basic
  front: How many member states does the CSTO have?
  back: Six
  reverse: true
  explanation: Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.
  source: forster
  related: [typed-one]  # its explanation names typed-one's answer
- id: cloze-one
  type: cloze
  text: The Treaty was signed in {{Tashkent}} in {{1992|nineteen ninety-two}}.
  explanation: Tashkent is the capital of Uzbekistan.
  source: {id: forster, locator: para 5}
  related: [numeric-one, mcq-one, order-one]
- id: mcq-one
  type: mcq
  question: Which state left the CSTO in 2012?
  options:
    - {text: Uzbekistan, correct: true, why: It suspended its membership in 2012.}
    - {text: Georgia, why: Georgia left in 1999.}
    - {text: Azerbaijan, why: Azerbaijan left in 1999.}
  explanation: Uzbekistan had left once before, in 1999.
  source: forster
- id: tf-one
  type: true_false
  statement: Article 4 is the CSTO's collective-defence clause.
  answer: true
  explanation: It is often compared with NATO's Article 5.
  source: forster
- id: typed-one
  type: typed
  question: Which Central Asian member borders China and Kazakhstan?
  answers: [Kyrgyzstan, Kyrgyz Republic]
  hint: Its capital is Bishkek.
  explanation: Kyrgyzstan hosts a Russian air base at Kant.
  source: forster
- id: numeric-one
  type: numeric
  question: In which year was the Collective Security Treaty signed?
  answer: 1992
  tolerance: 0
  explanation: It was signed in Tashkent on 15 May 1992.
  source: forster
- id: order-one
  type: order
  prompt: Put these in order.
  items: [Treaty signed, Organisation founded, Kazakhstan deployment]
  explanation: 1992, 2002, 2022.
  source: forster
  related: [numeric-one]
- id: match-one
  type: match
  prompt: Match each member to its region.
  pairs:
    - [Armenia, South Caucasus]
    - [Belarus, Eastern Europe]
    - [Tajikistan, Central Asia]
  explanation: The CSTO spans three regions of the former USSR.
  source: forster
  tags: [members, geography]
  previous_ids: [member-regions]
"""


# --- a valid deck -------------------------------------------------------------------------------


def test_every_card_type_loads(tmp_path: Path) -> None:
    result = load_cards(tmp_path, GOOD_CARDS)
    assert result.problems == []
    assert result.deck is not None
    types = [type(c) for c in result.deck.cards]
    assert types == [
        BasicCard,
        ClozeCard,
        McqCard,
        TrueFalseCard,
        TypedCard,
        NumericCard,
        OrderCard,
        MatchCard,
    ]
    basic, cloze, mcq, tf, typed, numeric, _order, match = result.deck.cards
    assert basic.item_keys() == ["", "reverse"]
    assert cloze.item_keys() == ["c1", "c2"]
    assert cloze.source_id == "forster" and cloze.source_locator == "para 5"
    assert isinstance(mcq, McqCard) and not mcq.multiple
    assert isinstance(tf, TrueFalseCard) and tf.answer is True
    assert isinstance(typed, TypedCard) and typed.answers == ["Kyrgyzstan", "Kyrgyz Republic"]
    assert isinstance(numeric, NumericCard) and numeric.answer == 1992
    assert isinstance(match, MatchCard) and match.pairs[0] == ["Armenia", "South Caucasus"]
    assert match.previous_ids == ("member-regions",)


def test_content_hash_changes_with_content_only(tmp_path: Path) -> None:
    first = load_cards(tmp_path, GOOD_CARDS).deck
    changed = load_cards(tmp_path, GOOD_CARDS.replace("back: Six", "back: Six states")).deck
    retagged = load_cards(tmp_path, GOOD_CARDS.replace("[members, geography]", "[x]")).deck
    assert first and changed and retagged
    assert first.cards[0].content_hash() != changed.cards[0].content_hash()
    assert first.cards[1].content_hash() == changed.cards[1].content_hash()
    assert first.cards[7].content_hash() == retagged.cards[7].content_hash()


def test_content_hash_is_stable(tmp_path: Path) -> None:
    # the review log keeps these: a change of models must not change what they hash
    deck = load_cards(tmp_path, GOOD_CARDS).deck
    assert deck is not None
    assert [c.content_hash() for c in deck.cards] == [
        "68cca063c8ad47ca",
        "661596d57d1d8e7e",
        "6a2d8a626812ed69",
        "c84c54ad2eef0a72",
        "adc191d34edf121c",
        "079f83b90dbb50f1",
        "da16c27958b42c28",
        "24d743b45a0758b1",
    ]


def test_loaded_cards_are_compact(tmp_path: Path) -> None:
    # every card of every deck stays in memory: no per-instance dict, one copy of repeated text
    deck = load_cards(tmp_path, GOOD_CARDS).deck
    assert deck is not None
    for card in deck.cards:
        assert not hasattr(card, "__dict__"), type(card).__name__
    basic, cloze, mcq, *_ = deck.cards
    assert isinstance(mcq, McqCard) and not hasattr(mcq.options[0], "__dict__")
    assert basic.source_id is cloze.source_id  # written once as an id, once as {id: ...}
    two = """\
    - {id: a, type: basic, front: A, back: B, tags: [members], source: forster}
    - {id: b, type: basic, front: C, back: D, tags: [members], source: forster}
    """
    a, b = load_cards(tmp_path, two).deck.cards  # type: ignore[union-attr]
    assert a.tags[0] is b.tags[0] and a.source is b.source


def _leaf_schemas(schema: object) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        if schema.get("type") in ("str", "int", "float", "bool"):
            yield schema
        for value in schema.values():
            yield from _leaf_schemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _leaf_schemas(value)


def test_every_text_number_and_boolean_field_is_strict() -> None:
    # strictness is declared per field type (a strict pydantic dataclass refuses mappings), so a
    # field added with a plain `str`, `int`, `float` or `bool` would let YAML's conversions through
    leaves = list(_leaf_schemas(DECK_ADAPTER.core_schema))
    assert len(leaves) > 30
    assert [s for s in leaves if s.get("strict") is not True] == []


def test_multiple_answer_mcq(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - id: founders
          type: mcq
          question: Which signed the Treaty in 1992?
          shuffle: false
          options:
            - {text: Armenia, correct: true}
            - {text: Kazakhstan, correct: true}
            - {text: Georgia, why: Georgia joined in 1993.}
          explanation: Six states signed in Tashkent.
          source: forster
        """,
    )
    assert result.deck is not None
    card = result.deck.cards[0]
    assert isinstance(card, McqCard) and card.multiple and card.shuffle is False


# --- field errors, located ---------------------------------------------------------------------


def test_misspelt_field_suggests_the_right_one(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - id: q1
          type: basic
          front: Q
          bakc: A
        """,
    )
    assert result.deck is None
    messages = {p.message: p for p in result.errors}
    unknown = messages["unknown field `bakc`"]
    assert (unknown.line, unknown.col, unknown.card) == (13, 5, "q1")
    assert unknown.fix == "did you mean `back`?"
    missing = messages["missing required field `back`"]
    assert missing.line == 10 and missing.fix == "add `back:` to the `basic` card"
    assert str(unknown).startswith(f"{tmp_path / 'deck.yaml'}:13:5: error: card q1: unknown")


def test_misspelt_type_suggests_the_right_one(tmp_path: Path) -> None:
    problem = only(load_cards(tmp_path, "- {id: q1, type: multiple_choice, question: Q}\n"))
    assert problem.message == "unknown card type `multiple_choice`"
    assert problem.fix.startswith("did you mean `mcq`?")
    assert problem.line == 10
    problem = only(load_cards(tmp_path, "- {id: q1, type: clozee, text: x}\n"))
    assert problem.fix.startswith("did you mean `cloze`?")


def test_card_without_type(tmp_path: Path) -> None:
    problem = only(load_cards(tmp_path, "- id: q1\n  front: x\n"))
    assert problem.message == "card has no `type`" and problem.line == 10


@pytest.mark.parametrize(
    ("value", "shown"),
    [("no", "true/false"), ("on", "true/false"), ("1.10", "a number"), ("1992", "a number")],
)
def test_yaml11_values_where_text_is_expected_must_be_quoted(
    tmp_path: Path, value: str, shown: str
) -> None:
    result = load_cards(
        tmp_path,
        f"""\
        - id: q1
          type: basic
          front: Is it?
          back: {value}
          explanation: Because.
          source: forster
        """,
    )
    problem = only(result)
    assert problem.message == f"`{value}` is read by YAML as {shown}, not text"
    assert problem.fix == f'quote it: back: "{value}"'
    assert (problem.line, problem.col) == (13, 11)
    quoted = load_cards(
        tmp_path,
        f"""\
        - id: q1
          type: basic
          front: Is it?
          back: "{value}"
          explanation: Because.
          source: forster
        """,
    )
    assert quoted.problems == [] and quoted.deck is not None


def test_wrong_types_are_located(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - id: q1
          type: true_false
          statement: S
          answer: maybe
        - id: q2
          type: numeric
          question: Q
          answer: "1992"
        - id: Bad Id
          type: basic
          front: F
          back: B
        """,
    )
    by_line = {p.line: p for p in result.errors}
    assert by_line[13].message == "`answer` must be true or false"
    assert by_line[17].message == "`answer` must be a number"
    assert by_line[18].message == "`Bad Id` is not a valid id"
    assert by_line[18].fix.startswith("use lowercase letters")


def test_unsupported_version_and_missing_deck_fields(tmp_path: Path) -> None:
    result = load_text(tmp_path, "studydeck: 2\nid: x\ncards: []\n")
    messages = {p.message: p.line for p in result.errors}
    assert messages["unsupported format version `2`"] == 1
    assert messages["missing required field `title`"] == 1


def test_unknown_deck_field(tmp_path: Path) -> None:
    result = load_text(tmp_path, HEADER.replace("title: Test", "titel: Test") + "  []\n")
    unknown, missing = sorted(result.errors, key=lambda p: p.message, reverse=True)
    assert unknown.message == "unknown field `titel`" and unknown.fix == "did you mean `title`?"
    assert unknown.line == 3 and unknown.card is None
    assert missing.message == "missing required field `title`"


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - {id: a, type: basic, front: F}
        - {id: b, type: basci, front: F, back: B}
        - {id: c, type: cloze, txt: x}
        """,
    )
    assert [p.line for p in result.errors] == [10, 11, 12, 12]


# --- deck-level rules ---------------------------------------------------------------------------


def test_duplicate_card_id(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - {id: a, type: basic, front: F, back: B, explanation: E, source: forster}
        - {id: a, type: basic, front: G, back: C, explanation: E, source: forster}
        """,
    )
    problem = only(result)
    assert problem.message == "duplicate card id `a` (first used at line 10)"
    assert problem.line == 11 and result.deck is None


def test_id_that_is_another_cards_previous_id(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - {id: a, type: basic, front: F, back: B, explanation: E, source: forster}
        - {id: b, type: basic, front: G, back: C, explanation: E, source: forster,
           previous_ids: [a]}
        - {id: c, type: basic, front: H, back: D, explanation: E, source: forster,
           previous_ids: [old]}
        - {id: d, type: basic, front: I, back: E, explanation: E, source: forster,
           previous_ids: [old]}
        """,
    )
    first, second = result.errors
    assert first.message == "previous id `a` is also the id of a card in this deck"
    assert (first.line, first.card) == (12, "b")
    assert second.message == "previous id `old` is also claimed by card `c`"
    assert (second.line, second.card) == (16, "d")


def test_undeclared_source(tmp_path: Path) -> None:
    problem = only(
        load_cards(
            tmp_path, "- {id: a, type: basic, front: F, back: B, explanation: E, source: forstr}\n"
        )
    )
    assert problem.message == "source `forstr` is not declared"
    assert problem.fix == "did you mean `forster`?" and problem.line == 10


def test_mcq_rules(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - id: q1
          type: mcq
          question: Q?
          explanation: E
          source: forster
          options:
            - {text: Kazakhstan, why: w}
            - {text: KAZAKHSTAN, why: w}
        """,
    )
    errors = {p.message: p.line for p in result.errors}
    assert errors == {
        "no option is marked correct": 16,
        "option `KAZAKHSTAN` repeats option 1": 17,
    }
    assert only(result, "warning").message == "only 2 options"


def test_cloze_without_deletion(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        "- {id: a, type: cloze, text: No braces here, explanation: E, source: forster}\n",
    )
    problem = only(result)
    assert problem.message == "cloze text has no deletion" and problem.line == 10
    empty = only(
        load_cards(
            tmp_path, "- {id: a, type: cloze, text: 'x {{}}', explanation: E, source: forster}\n"
        )
    )
    assert empty.message == "cloze deletion has an empty answer"


def test_order_needs_two_items(tmp_path: Path) -> None:
    problem = only(
        load_cards(
            tmp_path,
            "- {id: a, type: order, prompt: P, items: [one], explanation: E, source: forster}\n",
        )
    )
    assert problem.message == "an `order` card needs at least 2 items"


def test_match_with_repeated_sides(tmp_path: Path) -> None:
    result = load_cards(
        tmp_path,
        """\
        - id: m
          type: match
          prompt: P
          explanation: E
          source: forster
          pairs:
            - [Armenia, South Caucasus]
            - [Belarus, Eastern Europe]
            - [Armenia, Central Asia]
            - [Kazakhstan, Eastern Europe]
        """,
    )
    found = {(p.message, p.line) for p in result.errors}
    assert found == {
        ("left side `Armenia` is repeated", 18),
        ("right side `Eastern Europe` is repeated", 19),
    }


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    result = load_cards(tmp_path, "- {id: a, type: basic, front: F, back: B}\n")
    assert result.deck is not None and result.errors == []
    assert sorted(p.message for p in result.warnings) == ["no `explanation`", "no `source`"]


# --- hostile files ------------------------------------------------------------------------------


def hostile(tmp_path: Path, content: bytes | str) -> Problem:
    path = tmp_path / "hostile.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    result = load_deck(path)
    assert result.deck is None
    return only(result)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\ntitle: [unclosed\nid: x\n")
    assert problem.message.startswith("YAML syntax error")
    assert problem.line == 3


def test_unquoted_colon_gets_a_hint(tmp_path: Path) -> None:
    problem = hostile(tmp_path, HEADER + "  - id: a\n    front: Q: why?\n")
    assert problem.line == 11 and "must be quoted" in problem.fix


def test_tabs(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\ncards:\n\t- id: a\n")
    assert problem.message.endswith("a tab character where YAML expects indentation or a value")
    assert problem.fix == "indent with spaces, not tabs" and problem.line == 3


def test_duplicate_keys(tmp_path: Path) -> None:
    problem = hostile(tmp_path, HEADER + "  - id: a\n    type: basic\n    id: b\n")
    assert problem.message == "duplicate key `id` (first at line 10)" and problem.line == 12


def test_keys_that_yaml_reads_as_booleans_or_numbers(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\ntrue: 1\n")
    assert problem.message == "key `true` is read by YAML as true/false, not text"
    assert problem.line == 2
    problem = hostile(tmp_path, "1: a\n")
    assert problem.message == "key `1` is read by YAML as a number, not text"


def test_empty_file(tmp_path: Path) -> None:
    assert hostile(tmp_path, "").message == "the file is empty"
    assert hostile(tmp_path, "  \n\n").message == "the file is empty"
    assert hostile(tmp_path, "# only a comment\n").message == "the file has no content"


def test_list_at_top_level(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "- id: a\n- id: b\n")
    assert problem.message == "the top level of the file is a list, not a mapping"
    assert hostile(tmp_path, "just text\n").message.endswith("a single value, not a mapping")


def test_several_documents(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\nid: a\n---\nstudydeck: 1\nid: b\n")
    assert problem.message == "the file holds more than one YAML document" and problem.line == 3


def test_non_utf8_bytes(tmp_path: Path) -> None:
    problem = hostile(tmp_path, b"studydeck: 1\ntitle: caf\xe9\n")
    assert problem.message == "byte 0xe9 is not valid UTF-8"
    assert (problem.line, problem.col) == (2, 11)


def test_utf16(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\n".encode("utf-16"))
    assert problem.message == "the file is UTF-16 or UTF-32, not UTF-8"
    problem = hostile(tmp_path, "studydeck: 1\n".encode("utf-16-le"))
    assert problem.message == "the file is UTF-16 or UTF-32, not UTF-8"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "  []\n").encode())
    assert load_deck(path).deck is not None


def test_raw_control_characters(tmp_path: Path) -> None:
    problem = hostile(tmp_path, HEADER + "  - id: a\n    front: bad \x1b[31m red\n")
    assert problem.message.startswith("control character U+001B (ESC")
    assert (problem.line, problem.col) == (11, 16)


def test_escaped_control_characters_in_quoted_text(tmp_path: Path) -> None:
    problem = hostile(tmp_path, HEADER + '  - id: a\n    front: "bad \\e[31m red"\n')
    assert problem.message.startswith("text contains control character U+001B")
    assert problem.line == 11
    problem = hostile(tmp_path, HEADER + '  - id: a\n    front: "bell \\x07"\n')
    assert problem.message == "text contains control character U+0007"


def test_python_tags(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\nid: !!python/object/apply:os.system [echo hi]\n")
    assert problem.message == "YAML tag `!!python/object/apply:os.system` is not allowed in a deck"
    assert problem.line == 2
    assert hostile(tmp_path, "title: !custom x\n").message.startswith("YAML tag `!custom`")
    assert (
        hostile(tmp_path, "title: !!str x\n").message == "YAML tag `!!str` is not allowed in a deck"
    )


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"b{i}: &b{i} [*a,*a,*a,*a,*a,*a,*a,*a,*a]" for i in range(9)]
    problem = hostile(tmp_path, "\n".join(lines) + "\n")
    assert problem.message == "anchor `&a` is not allowed in a deck" and problem.line == 1


def test_alias_without_anchor_use(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\ntitle: *nothing\n")
    assert problem.line == 2


def test_merge_keys(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "studydeck: 1\ncard:\n  <<: {front: x}\n")
    assert problem.message == "merge keys (`<<`) are not allowed in a deck" and problem.line == 3


def test_nested_merge_key_bomb_is_cheap(tmp_path: Path) -> None:
    # `safe_load` runs out of memory on a few hundred bytes like these; we stop at the first `<<`
    text = "a: &a {x: 1}\n" + "".join(f"b{i}: {{<<: [*a, *a]}}\n" for i in range(40))
    assert "not allowed" in hostile(tmp_path, text).message


def test_deep_flow_nesting_does_not_crash(tmp_path: Path) -> None:
    # libyaml's composer segfaults around 25,000 levels; we never let it recurse
    problem = hostile(tmp_path, "cards: " + "[" * 30_000 + "\n")
    assert problem.message == "nesting is deeper than 12 levels"
    assert problem.line == 1


def test_deep_block_nesting(tmp_path: Path) -> None:
    problem = hostile(tmp_path, "- " * 30_000 + "x\n")
    assert problem.message == "nesting is deeper than 12 levels"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEADER + "  []\n" + "#" * 2000 + "\n")
    result = load_deck(path, max_bytes=1000)
    problem = only(result)
    assert (
        problem.message.startswith("the file is 2,")
        and "over the limit of 1,000" in problem.message
    )


def test_unreadable_path(tmp_path: Path) -> None:
    result = load_deck(tmp_path / "missing.yaml")
    assert only(result).message.startswith("cannot read the file")


# --- finding files ------------------------------------------------------------------------------


def test_find_deck_files_recurses_and_keeps_given_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ["a.yaml", "sub/b.yml", "sub/deeper/c.yaml", "sub/notes.md"]:
        (tmp_path / name).write_text("x: 1\n")
    explicit = tmp_path / "sub" / "notes.md"
    found = find_deck_files([tmp_path, explicit])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.yaml",
        "sub/b.yml",
        "sub/deeper/c.yaml",
        "sub/notes.md",
    ]


def test_misspelt_setting_suggests_every_known_setting(tmp_path: Path) -> None:
    text = HEADER.replace("cards:", "settings:\n  maximum_intervall: 30\ncards:") + "  []\n"
    problem = only(load_text(tmp_path, text))
    assert problem.message == "unknown field `maximum_intervall`"
    assert problem.fix == "did you mean `maximum_interval`?" and problem.line == 10
