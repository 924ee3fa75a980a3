"""After a session: what was studied, how it went, and what is coming."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from studydeck.study import SessionSummary
from studydeck.study.words import summary_rows

if TYPE_CHECKING:
    from studydeck.tui.app import StudydeckApp


class SummaryScreen(Screen[None]):
    """The session's figures; `enter` goes home, `s` opens the stats."""

    TITLE = "Session summary"
    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "Home"),
        Binding("s", "stats", "Stats"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: SessionSummary, *, cram: bool) -> None:
        super().__init__()
        self.summary = summary
        self.cram = cram

    def compose(self) -> ComposeResult:
        s = self.summary
        title = "Cram session over" if self.cram else "Session over"
        rows = summary_rows(s, cram=self.cram)
        with Center(), Vertical(id="summary"):
            yield Static(Content.styled(title, "bold"), id="summary-title")
            for label, value in rows:
                line = Content.styled(f"{label:<17}", "$text-muted") + Content.styled(value, "bold")
                yield Static(line, classes="figure")
            if s.studied:
                share = round(100 * s.right / max(s.right + s.wrong, 1))
                yield Static(ratio_bar(s.right, s.wrong), id="ratio")
                yield Static(Content.styled(f"{share}% right", "$text-muted"), id="share")
        yield Footer()

    def action_home(self) -> None:
        self.dismiss()

    def action_stats(self) -> None:
        app = cast("StudydeckApp", self.app)
        self.dismiss()
        app.show_stats()


def ratio_bar(right: int, wrong: int, width: int = 40) -> Content:
    """Right and wrong as one bar: `█` right, `░` wrong (readable without colour)."""
    total = right + wrong
    if not total:
        return Content("")
    filled = round(width * right / total)
    return Content.assemble(("█" * filled, "$success"), ("░" * (width - filled), "$error"))
