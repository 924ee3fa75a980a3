"""`related: [card-id, …]`: cards an instructor keeps apart; the validator checks the ids."""

from __future__ import annotations

import textwrap
from pathlib import Path

from studydeck.deck.loader import LoadResult, load_deck

HEADER = """\
studydeck: 1
id: related-deck
title: Related cards
sources: [{id: forster, title: The Collective Does Not Feel Secure}]
cards:
"""


def card(card_id: str, extra: str = "") -> str:
    return textwrap.dedent(f"""\
        - id: {card_id}
          type: basic
          front: Question {card_id}?
          back: Answer {card_id}
          explanation: Because of {card_id}.
          source: forster
        """) + textwrap.indent(textwrap.dedent(extra), "  ")


def load(tmp_path: Path, *cards: str) -> LoadResult:
    path = tmp_path / "deck.yaml"
    path.write_text(HEADER + textwrap.indent("".join(cards), "  "), encoding="utf-8")
    return load_deck(path)


def messages(result: LoadResult) -> list[str]:
    return [str(p) for p in result.problems]


def test_related_ids_of_cards_in_the_deck_are_valid(tmp_path: Path) -> None:
    result = load(tmp_path, card("one", "related: [two]\n"), card("two"))
    assert result.problems == [] and result.deck is not None
    assert result.deck.cards[0].related == ("two",)
    assert result.deck.cards[1].related == ()


def test_an_unknown_related_id_is_an_error_with_its_line(tmp_path: Path) -> None:
    result = load(tmp_path, card("one", "related: [tow]\n"), card("two"))
    assert result.deck is None
    (problem,) = result.problems
    assert problem.severity == "error" and problem.code == "related" and problem.card == "one"
    assert (problem.line, problem.col) == (12, 15)  # `tow` in card one's `related:`
    assert "`related` names an unknown card `tow`" in problem.message
    assert "did you mean `two`?" in problem.fix


def test_a_related_id_of_a_card_with_its_own_error_is_not_unknown(tmp_path: Path) -> None:
    broken = "- id: two\n  type: basic\n  front: Question two?\n"  # no back
    result = load(tmp_path, card("one", "related: [two]\n"), broken)
    assert [p.code for p in result.problems] == ["missing-field"], messages(result)


def test_self_repeated_and_renamed_ids_are_errors(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        card("one", "related: [one, two, two, old-three]\n"),
        card("two"),
        card("three", "previous_ids: [old-three]\n"),
    )
    found = [(p.code, p.message, p.fix) for p in result.problems]
    assert found == [
        ("related", "a card cannot be related to itself", "remove `one` from `related`"),
        ("related", "`two` is listed twice in `related`", "list each related card once"),
        (
            "related",
            "`related` names an unknown card `old-three`",
            "`old-three` was renamed: use its new id `three`",
        ),
    ]


def test_related_is_not_part_of_what_the_learner_sees(tmp_path: Path) -> None:
    # declaring a relation must not mark every card as changed in the review log
    plain = load(tmp_path, card("one"), card("two")).deck
    linked = load(tmp_path, card("one", "related: [two]\n"), card("two")).deck
    assert plain is not None and linked is not None
    assert plain.cards[0].content_hash() == linked.cards[0].content_hash()
