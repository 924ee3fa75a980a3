"""Numbered rows whose text wraps under itself, not under the number (options, items, pairs)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

# (mark and number, text) or (mark and number, text, note): a note such as "← your answer"
# follows the text and is never split across lines.
RowContent = tuple[Content, Content] | tuple[Content, Content, Content]


def with_note(text: Content, note: Content | None, width: int) -> Content:
    """The text and its note on the text's last line, or the note on a line of its own when it
    would not fit there whole (`width` 0: not laid out yet, keep them together)."""
    if note is None:
        return text
    joined = text + note
    if width <= 0:
        return joined
    lines = joined.wrap(width)
    if note.plain.strip() in lines[-1].plain:
        return joined
    indent = len(note.plain) - len(note.plain.lstrip())
    return text + Content("\n") + note[indent:]


class Row(Horizontal):
    """One row: a narrow prefix column and a text column that takes the rest and wraps."""

    def __init__(self, prefix: Content, text: Content, note: Content | None = None) -> None:
        super().__init__()
        self.prefix = prefix
        self.text = text
        self.note = note

    def compose(self) -> ComposeResult:
        yield Static(self.prefix, classes="row-prefix")
        yield Static(with_note(self.text, self.note, 0), classes="row-text")

    def set(self, prefix: Content, text: Content, note: Content | None = None) -> None:
        self.prefix, self.text, self.note = prefix, text, note
        self.query_one(".row-prefix", Static).update(prefix)
        self.show_text()

    def on_resize(self, event: events.Resize) -> None:
        # The text column's width decides where the note goes (a scrollbar may have come).
        self.show_text()

    def show_text(self) -> None:
        width = self.size.width - self.prefix.cell_length
        self.query_one(".row-text", Static).update(with_note(self.text, self.note, width))


def _parts(row: RowContent) -> tuple[Content, Content, Content | None]:
    prefix, text, *note = row
    return prefix, text, (note[0] if note else None)


class Rows(Vertical):
    """A fixed number of rows, updated in place as the learner picks and moves things."""

    def __init__(self, rows: Sequence[RowContent], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.initial = list(rows)

    def compose(self) -> ComposeResult:
        for content in self.initial:
            yield Row(*_parts(content))

    def update_rows(self, rows: Sequence[RowContent]) -> None:
        for row, content in zip(self.query(Row), rows, strict=True):
            row.set(*_parts(content))
