"""How times are written in the progress file: UTC, ISO 8601, fixed width, so text sorts as time."""

from __future__ import annotations

from datetime import UTC, datetime

_TWO_DIGITS = [f"{n:02}" for n in range(60)]
_THREE_DIGITS = [f"{n:03}" for n in range(1000)]


def to_text(moment: datetime) -> str:
    """`moment` in UTC, as isoformat(timespec="microseconds") writes it, in less than half its
    instructions (an answer writes three times; a queue and the stats compare many): the
    fixed-width numbers are looked up, where each format spec cost nearly two thousand."""
    if moment.tzinfo is not UTC:
        if moment.tzinfo is None:
            raise ValueError("times stored in the progress file must be timezone-aware")
        moment = moment.astimezone(UTC)
    d = _TWO_DIGITS
    t = _THREE_DIGITS
    year, us = moment.year, moment.microsecond
    return (
        f"{year if year > 999 else f'{year:04}'}-{d[moment.month]}-{d[moment.day]}"
        f"T{d[moment.hour]}:{d[moment.minute]}:{d[moment.second]}"
        f".{t[us // 1000]}{t[us % 1000]}+00:00"
    )


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
