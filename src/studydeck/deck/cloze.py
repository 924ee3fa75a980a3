"""Cloze deletions: `{{answer}}` or `{{answer|alternative|…}}` inside a text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Deletion:
    answers: tuple[str, ...]  # the first is the one shown as the answer
    start: int
    end: int


@dataclass(frozen=True)
class Cloze:
    text: str
    deletions: tuple[Deletion, ...]

    def prompt(self, index: int, blank: str = "[…]") -> str:
        """The text with deletion `index` blanked and the others filled in."""
        return self._render(lambda i: i == index, blank)

    def full_text(self) -> str:
        return self._render(lambda i: False, "")

    def blanked(self, blank: str = "[…]") -> str:
        """The text with every deletion blanked (for tools that ask all at once)."""
        return self._render(lambda i: True, blank)

    def _render(self, is_blank: Callable[[int], bool], blank: str) -> str:
        parts: list[str] = []
        last = 0
        for i, d in enumerate(self.deletions):
            parts.append(self.text[last : d.start])
            parts.append(blank if is_blank(i) else d.answers[0])
            last = d.end
        parts.append(self.text[last:])
        return "".join(parts)


def part_name(index: int) -> str:
    """The item part that studies deletion `index` (0-based) alone: "c1", "c2", …"""
    return f"c{index + 1}"


def part_index(part: str) -> int:
    """The deletion (0-based) a part name like "c2" stands for; ValueError for anything else."""
    number = part.removeprefix("c")
    if number == part or not number.isdigit() or int(number) < 1:
        raise ValueError(f"{part!r} is not a cloze part")
    return int(number) - 1


def parse_cloze(text: str) -> Cloze:
    deletions = []
    for start, end in braced(text):
        answers = tuple(a.strip() for a in text[start + 2 : end - 2].split("|"))
        deletions.append(Deletion(answers, start, end))
    return Cloze(text, tuple(deletions))


def braced(text: str) -> Iterator[tuple[int, int]]:
    """Where each `{{…}}` starts and ends (up to the first `}}` after its opening), in linear
    time: the regex this replaces looked for the closing braces again from every opening, so
    5,000 `{{` with no `}}` took a second, and a deck file may hold a thousand such texts."""
    pos = 0
    while (start := text.find("{{", pos)) >= 0:
        end = text.find("}}", start + 2)
        if end < 0:
            return  # no closing after this opening: none after any later one either
        yield start, end + 2
        pos = end + 2
