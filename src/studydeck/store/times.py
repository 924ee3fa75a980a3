"""How times are written in the progress file: UTC, ISO 8601, fixed width, so text sorts as time."""

from __future__ import annotations

from datetime import UTC, datetime

_TWO_DIGITS = [f"{n:02}" for n in range(60)]


def to_text(moment: datetime) -> str:
    """`moment` in UTC, as isoformat(timespec="microseconds") writes it but with a third fewer
    instructions (an answer writes three times; a queue and the stats compare many)."""
    if moment.tzinfo is None:
        raise ValueError("times stored in the progress file must be timezone-aware")
    u = moment.astimezone(UTC)
    d = _TWO_DIGITS
    return (
        f"{u.year:04}-{d[u.month]}-{d[u.day]}T{d[u.hour]}:{d[u.minute]}:{d[u.second]}"
        f".{u.microsecond:06}+00:00"
    )


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
