"""The learner's day: it starts at a set hour (4 a.m. by default), not at midnight, so a late
evening session and the small hours after it count as one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DEFAULT_DAY_STARTS_AT = 4
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Days:
    """Where study days begin: the hour, and the time zone (None: the computer's local zone)."""

    starts_at: int = DEFAULT_DAY_STARTS_AT
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.starts_at <= 23:
            raise ValueError(f"the day must start at an hour from 0 to 23, not {self.starts_at}")

    def day_of(self, now: datetime) -> date:
        local = now.astimezone(self.tz)  # tz None: the computer's zone, as it is now
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

    def first_moment(self, day: date) -> datetime:
        """The first moment (UTC) that `day_of` puts in `day` or later. This is `start(day)`,
        unless a clock change skips or repeats the hour the day starts at."""
        moment = self.start(day)
        if self.day_of(moment) >= day > self.day_of(moment - _TICK):
            return moment
        low, high = moment - timedelta(hours=3), moment + timedelta(hours=3)
        while self.day_of(low) >= day:
            low -= timedelta(hours=3)
        while self.day_of(high) < day:
            high += timedelta(hours=3)
        while high - low > _TICK:  # day_of(low) < day <= day_of(high)
            middle = low + (high - low) // 2
            if self.day_of(middle) >= day:
                high = middle
            else:
                low = middle
        return high

    def offset(self, seconds: int) -> int:
        """The UTC offset, in seconds, that `day_of` applies at this many seconds after 1970."""
        local = datetime.fromtimestamp(seconds, UTC).astimezone(self.tz)
        offset = local.utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def offset_spans(
        self, first_hour: int, end_hour: int
    ) -> tuple[list[tuple[int, int, int]], list[int]]:
        """Cut the UTC hours first_hour ≤ h < end_hour (hours since 1970) into spans
        (first, end, offset in seconds) over which the offset does not change, and the hours
        within which it changes. The offset is looked at once a day, and where it changed, the
        moment of the change is searched for: zones change their offset at most once a day."""
        spans: list[tuple[int, int, int]] = []
        changing: list[int] = []
        start = first_hour
        while start < end_hour:
            offset = self.offset(start * 3600)
            hour = start
            while hour < end_hour:
                step = min(hour + 24, end_hour)
                if self.offset(step * 3600 - 1) != offset:
                    break
                hour = step
            if hour >= end_hour:
                spans.append((start, end_hour, offset))
                break
            # the first second with another offset, within the next day; `low` still has ours
            low = hour * 3600 - (hour > start)
            high = min(hour + 24, end_hour) * 3600 - 1
            while high - low > 1:
                middle = (low + high) // 2
                if self.offset(middle) != offset:
                    high = middle
                else:
                    low = middle
            change_hour, within = divmod(high, 3600)
            if change_hour > start:
                spans.append((start, change_hour, offset))
            if within:
                changing.append(change_hour)
                start = change_hour + 1
            else:
                start = change_hour
        return spans, changing

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
        local = when.astimezone(self.tz).replace(tzinfo=None) + timedelta(days)
        if self.tz is None:
            return local.astimezone().astimezone(UTC)  # a naive time is read in the system zone
        return local.replace(tzinfo=self.tz).astimezone(UTC)
