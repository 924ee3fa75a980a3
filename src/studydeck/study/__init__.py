"""The study engine: items, grading, queue, FSRS scheduling, sessions, undo, stats.

No UI imports here (a test checks that importing this never loads textual or rich).

The names below are imported when first used, not with the package: importing one part, such
as `studydeck.study.stats` for `studydeck stats`, would otherwise load them all, and sessions
and grading bring in the deck models (pydantic) and FSRS.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studydeck.store import ItemKey, ProgressFileError, Store, open_store
    from studydeck.study.counts import DeckCounts, deck_counts
    from studydeck.study.days import Days
    from studydeck.study.grading import Answer, Grade, Rating, grade
    from studydeck.study.items import StudyItem
    from studydeck.study.rebuild import rebuild_state
    from studydeck.study.session import Clock, Session, SessionSummary, open_session
    from studydeck.study.stats import DeckStats, TagStats, deck_stats

_HOMES = {
    "studydeck.store": ("ItemKey", "ProgressFileError", "Store", "open_store"),
    "studydeck.study.counts": ("DeckCounts", "deck_counts"),
    "studydeck.study.days": ("Days",),
    "studydeck.study.grading": ("Answer", "Grade", "Rating", "grade"),
    "studydeck.study.items": ("StudyItem",),
    "studydeck.study.rebuild": ("rebuild_state",),
    "studydeck.study.session": ("Clock", "Session", "SessionSummary", "open_session"),
    "studydeck.study.stats": ("DeckStats", "TagStats", "deck_stats"),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Answer",
    "Clock",
    "Days",
    "DeckCounts",
    "DeckStats",
    "Grade",
    "ItemKey",
    "ProgressFileError",
    "Rating",
    "Session",
    "SessionSummary",
    "Store",
    "StudyItem",
    "TagStats",
    "deck_counts",
    "deck_stats",
    "grade",
    "open_session",
    "open_store",
    "rebuild_state",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:  # also lets `from studydeck.study import queue` find the submodule
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
