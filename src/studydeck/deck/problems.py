"""A problem found in a deck file, located by file, line, column and card."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from studydeck.visible import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    severity: Severity
    message: str  # what is wrong
    fix: str  # how to fix it
    card: str | None = None  # the card's id, when the problem is inside a card
    code: str = "invalid"

    def __str__(self) -> str:
        """One line for a terminal: the file's name and content may hold anything."""
        where = f"card {self.card}: " if self.card else ""
        place = f"{self.file}:{self.line}:{self.col}"
        return visible(f"{place}: {self.severity}: {where}{self.message} — {self.fix}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Outcome:
    """What a checked file's outcome (loader.LoadResult, cache.Checked) offers over its
    `problems`."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
