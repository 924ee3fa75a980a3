"""A problem found in a deck file, located by file, line, column and card."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

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
        where = f"card {self.card}: " if self.card else ""
        place = f"{self.file}:{self.line}:{self.col}"
        return f"{place}: {self.severity}: {where}{self.message} — {self.fix}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
