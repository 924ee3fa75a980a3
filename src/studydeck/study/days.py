"""The learner's day: it starts at a set hour (4 a.m. by default), not at midnight, so a late
evening session and the small hours after it count as one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DEFAULT_DAY_STARTS_AT = 4


@dataclass(frozen=True)
class Days:
    """Where study days begin: the hour, and the time zone (None: the computer's local zone)."""

    starts_at: int = DEFAULT_DAY_STARTS_AT
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.starts_at <= 23:
            raise ValueError(f"the day must start at an hour from 0 to 23, not {self.starts_at}")

    def day_of(self, now: datetime) -> date:
        local = now.astimezone(self.tz)
        return (local - timedelta(hours=self.starts_at)).date()

    def start(self, day: date) -> datetime:
        """When `day` begins, in UTC."""
        if self.tz is None:
            # a naive time's astimezone() asks the system zone, daylight saving included
            return datetime.combine(day, time(self.starts_at)).astimezone().astimezone(UTC)
        return datetime.combine(day, time(self.starts_at), tzinfo=self.tz).astimezone(UTC)

    def bounds(self, now: datetime, days_ahead: int = 0) -> tuple[datetime, datetime]:
        """Start and end (UTC) of the day `days_ahead` after the one `now` falls in."""
        day = self.day_of(now) + timedelta(days=days_ahead)
        return self.start(day), self.start(day + timedelta(days=1))

    def number(self, when: datetime) -> int:
        """The study day `when` falls in, as a day number: `day_of(when).toordinal()`."""
        local = when.astimezone(self.tz)
        return local.toordinal() - (local.hour < self.starts_at)

    def between(self, earlier: datetime, later: datetime) -> int:
        """Study days from the one `earlier` falls in to the one `later` falls in (0: the same
        day, whatever the hours between; negative if `later` is on an earlier day)."""
        return self.number(later) - self.number(earlier)

    def ahead(self, when: datetime, days: int) -> datetime:
        """The same local time of day, `days` days later (UTC): it falls in the study day
        `days` after `when`'s, also across a daylight saving change."""
        local = when.astimezone(self.tz).replace(tzinfo=None) + timedelta(days=days)
        if self.tz is None:
            return local.astimezone().astimezone(UTC)  # a naive time is read in the system zone
        return local.replace(tzinfo=self.tz).astimezone(UTC)
