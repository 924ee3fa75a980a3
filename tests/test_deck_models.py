"""The deck in memory (deck/models.py, plain dataclasses) and the deck format (deck/format.py,
pydantic) describe the same fields, and a checked file builds the same deck either way: what the
format's validation makes of the data is what `deck_from_data` makes of it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks.deckgen import write_deck
from pydantic import TypeAdapter

from studydeck.deck import format, models
from studydeck.deck.loader import find_deck_files
from studydeck.deck.yaml_reader import read_yaml
from studydeck.locations import bundled_decks_dir

PAIRS = [
    (models.Deck, format.Deck),
    (models.Settings, format.Settings),
    (models.Source, format.Source),
    (models.SourceRef, format.SourceRef),
    (models.McqOption, format.McqOption),
    *((models.CARD_TYPES[name], format.CARD_TYPES[name]) for name in models.CARD_TYPES),
]


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=lambda c: c.__name__)
def test_each_class_has_the_formats_fields_in_its_order_with_its_defaults(
    ours: type[Any], theirs: type[Any]
) -> None:
    mine = dataclasses.fields(ours)
    assert [f.name for f in mine] == [f.name for f in dataclasses.fields(theirs)]
    for f in mine:
        info = theirs.__pydantic_fields__[f.name]  # pydantic keeps a field's default here
        expected = info.get_default(call_default_factory=True)
        if info.is_required():
            expected = dataclasses.MISSING
        if dataclasses.is_dataclass(expected):  # a nested class: the same fields, same values
            assert models.dump(_default(f)) == models.dump(expected), f.name
        else:
            assert _default(f) == expected, f.name


def test_the_card_types_are_the_formats() -> None:
    assert list(models.CARD_TYPES) == list(format.CARD_TYPES)


def _as_the_format_dumps(data: Any) -> str:
    deck = format.DECK_ADAPTER.validate_python(data)
    dumped = TypeAdapter(format.Deck).dump_python(deck, mode="json")
    return json.dumps(dumped, sort_keys=True, ensure_ascii=False)


def _decks(tmp_path: Path) -> list[Path]:
    generated = write_deck(tmp_path / "generated.yaml", 400)
    return [*find_deck_files([bundled_decks_dir()]), generated]


def test_a_checked_file_builds_the_deck_the_formats_validation_made(tmp_path: Path) -> None:
    for path in _decks(tmp_path):
        data = read_yaml(path.read_bytes()).data
        built = models.deck_from_data(data)
        # every field, nested ones too, with the types the format gives them (json tells an int
        # from a float and a list from a missing field)
        mine = json.dumps(models.dump(built), sort_keys=True, ensure_ascii=False)
        assert mine == _as_the_format_dumps(data), path.name
        assert all(type(c) is models.CARD_TYPES[c.type] for c in built.cards)


def test_float_fields_given_whole_numbers_hold_floats() -> None:
    data = {
        "studydeck": 1,
        "id": "d",
        "title": "D",
        "settings": {"desired_retention": 0.9, "learning_steps": [1, 10]},
        "cards": [{"id": "n", "type": "numeric", "question": "Q?", "answer": 3, "tolerance": 1}],
    }
    deck = format.checked_deck(data)
    card = deck.cards[0]
    assert isinstance(card, models.NumericCard)
    assert (card.answer, type(card.answer)) == (3, int)
    assert (card.tolerance, type(card.tolerance)) == (1.0, float)
    assert deck.settings.learning_steps == [1, 10]
    assert _as_the_format_dumps(data) == json.dumps(
        models.dump(deck), sort_keys=True, ensure_ascii=False
    )


def test_checked_builders_refuse_what_the_format_refuses() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        format.checked_card({"id": "c", "type": "basic", "front": "F"})
    with pytest.raises(ValidationError):
        format.checked_deck({"studydeck": 1, "id": "Not A Slug", "title": "D"})
