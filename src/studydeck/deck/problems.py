"""A problem found in a deck file, located by file, line, column and card."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from studydeck.visible import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Place:
    """The other card of a problem about two cards (a leak, a repeated question)."""

    card: str
    line: int
    file: str | None = None  # None: the problem's own file


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
    other: Place | None = None  # the other card, when the problem is about two

    @property
    def other_file(self) -> str | None:
        """The other card's file as shown (this problem's own when it is in the same file)."""
        if self.other is None:
            return None
        return self.other.file or self.file

    def __str__(self) -> str:
        """One line for a terminal: the file's name and content may hold anything."""
        where = f"card {self.card}: " if self.card else ""
        place = f"{self.file}:{self.line}:{self.col}"
        return visible(f"{place}: {self.severity}: {where}{self.message} — {self.fix}")

    def with_other(self, other: Place) -> Problem:
        return replace(self, other=other)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.other is not None:
            data["other"]["file"] = self.other_file
        return data


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
