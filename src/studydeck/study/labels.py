"""How a multiple-choice card's options are labelled, in the app and in plain mode alike.

Options are numbered 1…9, unless one of them starts with a digit: `1 2` next to an option
reading "2" is ambiguous (is it option 1, or the answer 2?), so such cards are lettered a…i.
"""

from __future__ import annotations

from collections.abc import Sequence

LETTERS = "abcdefghi"


def letters_needed(texts: Sequence[str]) -> bool:
    """Whether options with these texts are lettered rather than numbered."""
    return any(text.strip()[:1].isdigit() for text in texts)


def option_labels(texts: Sequence[str]) -> list[str]:
    """The label of each option shown in this order: `1`, `2`, … or `a`, `b`, …"""
    if letters_needed(texts):
        return list(LETTERS[: len(texts)])
    return [str(n) for n in range(1, len(texts) + 1)]
