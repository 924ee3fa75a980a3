"""The session's progress bar: how much is done and how much is left."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class SessionProgress(Widget):
    """A one-line bar `━━━━╺─────  12 done · 30 to go` drawn with box characters.

    Drawn by hand (not `ProgressBar`) so it has no animation: snapshots stay still and the bar
    reads the same without colour.
    """

    done: reactive[int] = reactive(0)
    remaining: reactive[int] = reactive(0)

    def render(self) -> RenderResult:
        label = f" {self.done} done · {self.remaining} to go"
        total = self.done + self.remaining
        width = max(self.size.width - len(label), 4)
        filled = round(width * self.done / total) if total else width
        bar = Content.assemble(
            ("━" * filled, "$accent"),
            ("─" * (width - filled), "$foreground-muted"),
        )
        return bar + Content.styled(label, "$text-muted")
