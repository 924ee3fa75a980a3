"""`studydeck schema`: print the deck format's JSON Schema, generated from deck/format.py."""

from __future__ import annotations

import argparse
import json
from typing import Any

SCHEMA_ID = "https://studydeck.invalid/schema/deck-v1.schema.json"


def deck_schema() -> dict[str, Any]:
    from studydeck.deck.format import DECK_ADAPTER

    schema = DECK_ADAPTER.json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
    schema["title"] = "studydeck deck (format version 1)"
    return schema


def schema_text() -> str:
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"


def add_parser(sub: Any, name: str, help_text: str) -> None:
    sub.add_parser(
        name,
        help=help_text,
        description="Print the JSON Schema of deck format v1. Point your editor at it, e.g. "
        "with a first line `# yaml-language-server: $schema=PATH`.",
    )


def run(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0
