"""The study engine: items, grading, queue, FSRS scheduling, sessions, undo, stats.

No UI imports here (a test checks that importing this never loads textual or rich).
"""

from studydeck.store import ProgressFileError, Store, open_store
from studydeck.study.counts import DeckCounts, deck_counts
from studydeck.study.days import Days
from studydeck.study.grading import Answer, Grade, Rating, grade
from studydeck.study.items import ItemKey, StudyItem
from studydeck.study.rebuild import rebuild_state
from studydeck.study.session import Clock, Session, SessionSummary, open_session
from studydeck.study.stats import DeckStats, TagStats, deck_stats

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
