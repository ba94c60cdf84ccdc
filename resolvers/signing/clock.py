"""Time as the signing rules see it: aware datetimes, naive input read in the platform's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PLATFORM_TZ = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    """In the platform's zone, so dates derived from it are Beijing dates."""
    return dt.datetime.now(PLATFORM_TZ)


def in_platform_zone(value: dt.datetime) -> dt.datetime:
    return aware(value).astimezone(PLATFORM_TZ)


def aware(value: dt.datetime) -> dt.datetime:
    """A client that sends no offset means Beijing time, as every party of the platform does."""
    return value if value.tzinfo else value.replace(tzinfo=PLATFORM_TZ)
