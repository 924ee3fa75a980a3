"""Lenient matching of typed answers: what a teacher would accept on paper."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

ARTICLES = frozenset({"the", "a", "an"})
SLIP_MIN_LENGTH = 5  # shorter answers change meaning with one letter ("cat" / "car")
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[\s_'\u00a0\u202f]")  # in numbers as people type them
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+")


def key(text: str) -> str:
    """Compare form: no case, accents, punctuation, whitespace or leading article."""
    if text.isascii():  # NFKD leaves ASCII as it is, and none of it is a combining mark
        plain = text.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = _NON_WORD.sub(" ", plain).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "".join(words)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours is one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def one_edit_apart(a: str, b: str) -> bool:
    """Whether edit_distance(a, b) == 1: one letter more, fewer, replaced, or two neighbours
    swapped. Found in one pass from the first difference, not with edit_distance's table of
    len(a) × len(b) steps (most wrong answers are checked for a slip)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1 or a == b:
        return False
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) > len(b):
        return a[i + 1 :] == b[i:]  # one letter more in a
    # one letter replaced, or two neighbours swapped
    return a[i + 1 :] == b[i + 1 :] or (
        a[i + 1 : i + 2] == b[i] and a[i] == b[i + 1 : i + 2] and a[i + 2 :] == b[i + 2 :]
    )


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@dataclass(frozen=True)
class Match:
    correct: bool
    almost: bool  # accepted with a one-letter slip
    accepted: str | None  # the accepted answer it matched, as written in the deck


# The compare forms of the deck's accepted answers, worked out once, not at every answer
_accepted_key = lru_cache(maxsize=4096)(key)


def match_text(given: str, accepted: Sequence[str]) -> Match:
    """Exact match on the compare form first, then a one-letter slip in longer answers."""
    g = key(given)
    if not g:
        return Match(False, False, None)
    for answer in accepted:
        if _accepted_key(answer) == g:
            return Match(True, False, answer)
    for answer in accepted:
        a = _accepted_key(answer)
        # a slip may not change a number: "1991" for "1992" is wrong, not almost right
        if len(a) >= SLIP_MIN_LENGTH and one_edit_apart(a, g) and _digits(a) == _digits(g):
            return Match(True, True, answer)
    return Match(False, False, None)


def parse_number(text: str) -> float | None:
    """Read a number as people type it: "1 000", "1,000", "3,5", "-2.5e3"."""
    t = _SPACES.sub("", text.strip())
    if "," in t:
        # 1,234.5 and 1,000,000: thousands; 3,5: a decimal comma
        thousands = "." in t or _THOUSANDS.fullmatch(t)
        t = t.replace(",", "") if thousands else t.replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None
