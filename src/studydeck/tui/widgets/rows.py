"""Numbered rows whose text wraps under itself, not under the number (options, items, pairs)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

RowContent = tuple[Content, Content]  # (mark and number, text)


class Row(Horizontal):
    """One row: a narrow prefix column and a text column that takes the rest and wraps."""

    def __init__(self, prefix: Content, text: Content) -> None:
        super().__init__()
        self.prefix = prefix
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.prefix, classes="row-prefix")
        yield Static(self.text, classes="row-text")

    def set(self, prefix: Content, text: Content) -> None:
        self.query_one(".row-prefix", Static).update(prefix)
        self.query_one(".row-text", Static).update(text)


class Rows(Vertical):
    """A fixed number of rows, updated in place as the learner picks and moves things."""

    def __init__(self, rows: Sequence[RowContent], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = list(rows)

    def compose(self) -> ComposeResult:
        for prefix, text in self.initial:
            yield Row(prefix, text)

    def update_rows(self, rows: Sequence[RowContent]) -> None:
        for row, (prefix, text) in zip(self.query(Row), rows, strict=True):
            row.set(prefix, text)
