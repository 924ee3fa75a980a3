"""The notice shown instead of the app while the terminal is smaller than 80×24."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers everything (and takes the keys) until the terminal is large enough again."""

    CSS_PATH = "too_small.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,ctrl+q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size(*self.app.size)

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(
            "studydeck needs a terminal of at least 80×24.\n"
            f"This one is {width}×{height}.\n\n"
            "Make the window larger (or the font smaller) to go on; q quits."
        )
