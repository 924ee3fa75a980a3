"""Times in the progress file: UTC text of fixed width, written as isoformat writes it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from studydeck.store.times import from_text, to_text

ZONES = [
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(-timedelta(hours=11)),
    ZoneInfo("America/New_York"),
]


def test_to_text_writes_what_isoformat_writes() -> None:
    rng = random.Random(4)
    moments = [
        datetime(2, 1, 1, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 3, 2, 9, tzinfo=UTC),
        datetime(9998, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    ]
    start = datetime(2, 1, 1, tzinfo=UTC)
    for _ in range(5000):
        moment = start + timedelta(seconds=rng.randrange(315_000_000_000))
        moment = moment.replace(microsecond=rng.choice((0, 1, 999_999, rng.randrange(10**6))))
        moments.append(moment)
    for moment in moments:
        for zone in ZONES:
            local = moment.astimezone(zone)
            written = to_text(local)
            assert written == moment.isoformat(timespec="microseconds")
            assert len(written) == 32 and from_text(written) == moment


def test_to_text_refuses_a_time_without_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        to_text(datetime(2026, 3, 2, 9))
