"""Write a `Deck` as a YAML file that our own reader accepts, atomically.

We emit the YAML ourselves instead of calling `yaml.safe_dump`: every string is written
double-quoted (JSON string syntax is valid YAML), so text such as `no`, `1.10`, `null` or
`# not a comment` can never turn into something else, and the file keeps a readable card layout.
Before the file appears under its name it is read back with `load_deck` and compared with the
deck we meant to write; a deck that does not survive the round trip is never written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studydeck.deck.format import checked_card
from studydeck.deck.limits import DEFAULT_MAX_BYTES
from studydeck.deck.loader import load_deck
from studydeck.deck.models import Card, Deck, McqCard, dump
from studydeck.deck.problems import Problem
from studydeck.deck.validate import check_deck
from studydeck.deck.yaml_reader import ReadResult
from studydeck.files import atomic_write
from studydeck.locations import schema_path

_CARD_FIRST = ("id", "type")
_CARD_LAST = ("hint", "explanation", "source", "tags", "related", "previous_ids")
_DECK_ORDER = (
    "studydeck",
    "id",
    "title",
    "description",
    "language",
    "authors",
    "tags",
    "sources",
    "settings",
    "cards",
)
_FLOW_WIDTH = 90


class DeckWriteError(Exception):
    """The deck did not survive the round trip through our reader; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems) or "the deck read back differs")
        self.problems = list(problems)


def schema_modeline(deck_file: Path) -> str:
    """The first line editors read to offer completion: the schema path relative to the deck."""
    schema = schema_path().resolve()
    folder = deck_file.resolve().parent
    try:
        shared = Path(os.path.commonpath([schema, folder]))
    except ValueError:  # another drive on Windows: no relative path exists
        shared = Path(schema.anchor)
    # A relative path survives moving the whole project; across unrelated folders a file URI
    # is the path that keeps working.
    if shared == Path(shared.anchor):
        return f"# yaml-language-server: $schema={schema.as_uri()}"
    return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, folder)).as_posix()}"


def scalar(value: Any) -> str:
    """One YAML scalar; strings always double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # YAML 1.1 reads `1e-05` as text; write floats in plain decimal notation, but for very
        # large or small ones (1.7e308 is 309 digits, over the reader's limit on a number's
        # length) in the exponent form YAML 1.1 reads as a float: `1.7e+308`, `1.0e-300`.
        text = format(Decimal(repr(value)), "f")
        if len(text) > 30:
            mantissa, _, exponent = repr(value).partition("e")
            mantissa = mantissa if "." in mantissa else f"{mantissa}.0"
            sign = "" if exponent.startswith(("+", "-")) else "+"
            return f"{mantissa}e{sign}{exponent}"
        return text if "." in text else f"{text}.0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _flow(items: list[Any]) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


def _mapping(data: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if value is None:
            continue
        if _is_scalar(value):
            lines.append(f"{pad}{key}: {scalar(value)}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_mapping(value, indent + 2))
        elif isinstance(value, list):
            lines.extend(_list(key, value, indent))
        else:
            raise TypeError(f"cannot write {type(value).__name__}")
    return lines


def _list(key: str, items: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    if all(_is_scalar(i) for i in items):
        flow = _flow(items)
        if len(pad) + len(key) + len(flow) + 2 <= _FLOW_WIDTH or not items:
            return [f"{pad}{key}: {flow}"]
        return [f"{pad}{key}:", *(f"{pad}  - {scalar(i)}" for i in items)]
    lines = [f"{pad}{key}:"]
    for item in items:
        if isinstance(item, dict):
            inner = _mapping(item, indent + 4)
            lines.append(f"{pad}  - {inner[0].lstrip()}")
            lines.extend(inner[1:])
        elif isinstance(item, list):
            lines.append(f"{pad}  - {_flow(item)}")
        else:
            lines.append(f"{pad}  - {scalar(item)}")
    return lines


def card_data(card: Card) -> dict[str, Any]:
    """A card as YAML-ready data: defaults left out, fields in the order an author reads them."""
    data = dump(card, exclude_defaults=True)
    if isinstance(card, McqCard):
        # `correct: false` is the default, but an option list reads better with it spelled out.
        data["options"] = [
            {"text": o.text, "correct": o.correct, **({"why": o.why} if o.why else {})}
            for o in card.options
        ]
    first = {k: data[k] for k in _CARD_FIRST if k in data}
    middle = {k: v for k, v in data.items() if k not in _CARD_FIRST and k not in _CARD_LAST}
    last = {k: data[k] for k in _CARD_LAST if k in data}
    return {**first, **middle, **last}


def deck_text(deck: Deck, comments: Sequence[str] = ()) -> str:
    """The deck as YAML text; `comments` become `#` lines at the top."""
    data = dump(deck, exclude_defaults=True, exclude={"cards"})
    data["studydeck"] = deck.studydeck
    ordered = {k: data[k] for k in _DECK_ORDER if k in data}
    lines = [f"# {c}" if c else "#" for c in comments]
    lines.extend(_mapping(ordered, 0))
    if not deck.cards:
        lines.append("cards: []")
    else:
        lines.append("cards:")
        for card in deck.cards:
            inner = _mapping(card_data(card), 4)
            lines.append("")
            lines.append(f"  - {inner[0].lstrip()}")
            lines.extend(inner[1:])
    return "\n".join(lines) + "\n"


def card_errors(card: Card) -> list[str]:
    """What our validator says is wrong with this card on its own (warnings left out).

    Importers use this to skip one bad card with a reason instead of failing the whole deck.
    """
    data = {"studydeck": 1, "id": "check", "title": "check", "cards": [card_data(card)]}
    _, problems = check_deck("card", ReadResult(data))
    return [p.message for p in problems if p.severity == "error"]


def build_card(fields: dict[str, Any]) -> Card | str:
    """Validate card data with the real models and rules; the card, or why it is not valid."""
    try:
        card = checked_card(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "card"
        return f"{where}: {first['msg']}"
    errors = card_errors(card)
    return "; ".join(errors) if errors else card


def write_deck(
    deck: Deck, path: Path, comments: Sequence[str] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> None:
    """Write the deck to `path` only if it reads back identical; never leaves a partial file."""
    text = deck_text(deck, comments)
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        result = load_deck(tmp, max_bytes, shown_as=str(path))
        if result.deck is None or result.deck != deck:
            raise DeckWriteError(result.errors)
