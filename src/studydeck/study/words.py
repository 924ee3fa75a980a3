"""The words for counts, shared by every face (home, stats, summary, `stats`, plain mode).

A **card** is one entry in a deck file. A **question** is one thing the learner is asked: a
card, or the reverse side of a two-sided flashcard, or one blank of a cloze card; progress
and scheduling are per question. An **answer** is one response given (a question answered
twice today counts twice). "New today" is how many unseen questions a session would bring in
today, after the deck's daily limit; "not yet seen" is every question never answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import: `validate` and `stats` use `plural` without the models
    from studydeck.study.session import SessionSummary


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 question`, `2 questions` (`words` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def spent(seconds: float) -> str:
    """Time as `45s`, `3m 05s` or `1h 02m`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def clock_time(moment: datetime) -> str:
    """A moment today as the learner's wall clock shows it: `14:20`."""
    return f"{moment.astimezone():%H:%M}"


def again_today(count: int, first: datetime | None) -> str:
    """`3 again today, next at 14:20` (or `none`)."""
    if not count or first is None:
        return "none"
    return f"{count} again today, next at {clock_time(first)}"


def summary_rows(s: SessionSummary, *, cram: bool) -> list[tuple[str, str]]:
    """The session summary as (label, value) lines, the same in the app and in plain mode."""
    rows = [
        ("Answers", str(s.studied)),  # a question failed and asked again counts twice
        ("Right", str(s.right)),
        ("Wrong", str(s.wrong)),
        ("Time answering", spent(s.seconds)),  # from each question shown to its answer
        ("Session length", spent(s.length)),  # the wall clock, pauses and feedback included
    ]
    if cram:
        rows.append(("Schedule", "unchanged (cram)"))
    else:
        rows.append(("Back today", again_today(s.again_today, s.next_today)))
        rows.append(("Due tomorrow", plural(s.due_tomorrow, "question")))
        rows.append(("Due in 7 days", plural(s.due_next_week, "question")))
    return rows
