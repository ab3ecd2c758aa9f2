"""Dates and times as the site writes them: RFC 3339 offsets only (pure).

Before time zones were standardised, zoneinfo gives local mean time (Rome: +00:49:56); RFC 3339,
RFC 822 and HTML's `datetime` attribute have no seconds in an offset, so such a moment is given
in UTC.  An offset of whole minutes (the site's TIMEZONE, or one written in the header, such as
`2017-10-28T14:30+01:00`) is kept as it is, never converted.  Feeds, pages, JSON-LD and the
exports all write dates through this module.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def aware(moment: datetime) -> datetime:
    """A datetime with a time zone (UTC when Pelican left it naive), in UTC when its offset has
    seconds (local mean time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        return moment.astimezone(UTC)
    return moment


def rfc3339(value: date | datetime | None) -> str | None:
    """A date as `2025-06-05`, a datetime as `2025-06-05T09:30:00+02:00` (an offset in seconds
    made UTC, `+00:00`), None as None: what `.isoformat()` gives for every ordinary date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return aware(value).isoformat()
    return value.isoformat()


_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?$")


def zone_of(text: str) -> tzinfo | None:
    """The time zone a `Timezone` value names (IANA name or `+HH:MM`), or None if none."""
    return _zone_of(text.strip())


@lru_cache(maxsize=256)
def _zone_of(text: str) -> tzinfo | None:
    match = _OFFSET.match(text)
    if match:
        hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if match["sign"] == "-" else offset)
    if not text or text.startswith(("/", ".")) or ".." in text:
        return None
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
