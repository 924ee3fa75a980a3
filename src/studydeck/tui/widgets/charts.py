"""Charts drawn with unicode blocks: a bar chart (forecast, reviews per day) and a calendar heatmap.

Both read without colour (NO_COLOR): bar heights are shapes, heatmap levels are `·░▒▓█`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
HEAT = "·░▒▓█"


class BarChart(Widget):
    """Vertical bars, one per day, scaled to the tallest; the newest days win if space is short.

    `values` is a list of (day, count). The bottom line labels the first and last day shown and
    the left column shows the scale.
    """

    def __init__(
        self,
        values: Sequence[tuple[date, int]],
        *,
        rows: int = 5,
        keep: str = "last",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.values = list(values)
        self.rows = rows
        self.keep = keep  # "last" keeps the newest days (history), "first" the nearest (forecast)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows + 1

    def render(self) -> RenderResult:
        peak = max((v for _, v in self.values), default=0)
        axis = max(len(str(peak)), 1) + 1
        room = max(self.size.width - axis, 1)
        bar_width = 2 if room >= 2 * len(self.values) else 1
        fit = room // bar_width
        shown = self.values[-fit:] if self.keep == "last" else self.values[:fit]
        lines: list[Content] = []
        for row in range(self.rows, 0, -1):
            label = str(peak) if row == self.rows and peak else ("0" if row == 1 else "")
            cells: list[str] = []
            for _, value in shown:
                eighths = round(value / peak * self.rows * 8) if peak else 0
                if value and not eighths:
                    eighths = 1  # a day with any reviews is never drawn as empty
                level = min(max(eighths - (row - 1) * 8, 0), 8)
                cells.append(EIGHTHS[level] * bar_width)
            lines.append(
                Content.styled(label.rjust(axis - 1) + " ", "$text-muted")
                + Content.styled("".join(cells), "$accent")
            )
        if shown:
            first = shown[0][0].strftime("%d %b")
            last = shown[-1][0].strftime("%d %b")
            span = len(shown) * bar_width
            gap = max(span - len(first) - len(last), 1)
            foot = " " * axis + first + " " * gap + last
            lines.append(Content.styled(foot, "$text-muted"))
        else:
            lines.append(Content.styled(" " * axis + "no data yet", "$text-muted"))
        return Content("\n").join(lines)


def heat_level(count: int, peak: int) -> int:
    """0 for no study, then 1–4 by quarters of the busiest day."""
    if count <= 0:
        return 0
    if peak <= 0:
        return 4
    return min(4, 1 + (count * 4 - 1) // peak)


class CalendarHeatmap(Widget):
    """Study days as a calendar: one column per week, one row per weekday, darker = more reviews.

    `counts` maps a day to its number of reviews; days not in it were not studied.
    """

    def __init__(
        self,
        counts: dict[date, int],
        today: date,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.counts = counts
        self.today = today

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 8

    def render(self) -> RenderResult:
        label_width = 4
        weeks = max((self.size.width - label_width) // 2, 1)
        this_monday = self.today - timedelta(days=self.today.weekday())
        start = this_monday - timedelta(weeks=weeks - 1)
        peak = max(self.counts.values(), default=0)
        names = ["Mon", "", "Wed", "", "Fri", "", "Sun"]
        lines: list[Content] = []
        for weekday in range(7):
            cells: list[Content] = []
            for week in range(weeks):
                day = start + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    cells.append(Content("  "))
                    continue
                level = heat_level(self.counts.get(day, 0), peak)
                style = "$text-muted" if level == 0 else "$success"
                cells.append(Content.styled(HEAT[level] + " ", style))
            row = Content.styled(names[weekday].ljust(label_width), "$text-muted")
            lines.append(row + Content("").join(cells))
        legend = " " * label_width + "less " + " ".join(HEAT) + " more"
        lines.append(Content.styled(legend, "$text-muted"))
        return Content("\n").join(lines)
