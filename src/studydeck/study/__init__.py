"""The study engine: items, grading, queue, FSRS scheduling, sessions, undo, stats.

No UI imports here (a test checks that importing this never loads textual or rich).
"""

from studydeck.store import ProgressFileError, Store, open_store
from studydeck.study.counts import DeckCounts, deck_counts
from studydeck.study.days import Days
from studydeck.study.grading import Answer, Grade, Rating, grade
from studydeck.study.items import ItemKey, StudyItem
from studydeck.study.session import Clock, Session, SessionSummary, open_session

__all__ = [
    "Answer",
    "Clock",
    "Days",
    "DeckCounts",
    "Grade",
    "ItemKey",
    "ProgressFileError",
    "Rating",
    "Session",
    "SessionSummary",
    "Store",
    "StudyItem",
    "deck_counts",
    "grade",
    "open_session",
    "open_store",
]
