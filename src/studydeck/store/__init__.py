"""The progress file (SQLite): review log, item states, backups. No UI imports here."""

from studydeck.store.choices import ExamPlan, LeechChoice
from studydeck.store.errors import ProgressFileError
from studydeck.store.keys import ItemKey
from studydeck.store.store import (
    ItemState,
    LoggedReview,
    Review,
    SavedFit,
    Store,
    memory_store,
    open_store,
)

__all__ = [
    "ExamPlan",
    "ItemKey",
    "ItemState",
    "LeechChoice",
    "LoggedReview",
    "ProgressFileError",
    "Review",
    "SavedFit",
    "Store",
    "memory_store",
    "open_store",
]
