"""CSV cells a spreadsheet will not run: text from decks and exports is anyone's, and a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula (`=HYPERLINK(…)` sends data away when clicked). As OWASP's "CSV
Injection" advises, such a cell gets a leading `'`, which spreadsheets show as text."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # a figure such as -0.51


def cell(value: object) -> object:
    """`value` as a cell: text that a spreadsheet would run is prefixed with `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        if _NUMBER.fullmatch(value):  # a negative figure is data, not a formula
            return value
        return "'" + value
    return value


def row(values: Iterable[object]) -> list[object]:
    return [cell(v) for v in values]


class Writer:
    """`csv.writer` whose rows go through `row`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(row(values))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for values in rows:
            self.writerow(values)
