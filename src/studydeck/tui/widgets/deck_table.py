"""The home screen's deck list (its own module: DataTable is imported only once decks show)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class DeckTable(DataTable[Text]):
    """The deck list: a row per deck under "study all due"; `enter` studies the row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Study", show=True),
        Binding("up", "cursor_up", "Choose a deck", show=False),
        Binding("down", "cursor_down", "Choose a deck", show=False),
    ]
