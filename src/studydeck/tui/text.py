"""Small text helpers shared by the screens: literal deck text, durations, dates.

Deck text is untrusted: it reaches the screen only through `literal()` (a `Content` that is never
parsed as markup), so `[red]x[/red]` or `[@click=app.quit]x[/]` in a card is shown as typed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.content import Content

from studydeck.study.words import plural as plural  # one home for the words of counts
from studydeck.study.words import spent as spent
from studydeck.visible import visible


def literal(text: str, style: str = "") -> Content:
    """Untrusted text as `Content`, shown character for character (markup is not parsed, and
    characters that would act on the terminal are made visible)."""
    text = visible(text, lines=True)
    return Content.styled(text, style) if style else Content(text)


def short_duration(span: timedelta) -> str:
    """`<1m`, `10m`, `3h`, `4d`, `2mo`, `1.5y`: how long until the next review."""
    seconds = span.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    years = days / 365
    return f"{years:.1f}y".replace(".0y", "y")


def days_ago(when: datetime | None, now: datetime) -> str:
    """When something last happened, in the learner's words: `never`, `today`, `3 days ago`."""
    if when is None:
        return "never"
    days = (local_date(now) - local_date(when)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    return local_date(when).isoformat()


def local_date(moment: datetime) -> date:
    """The calendar day of a moment, in the machine's time zone (what the learner calls today)."""
    return moment.astimezone().date()
