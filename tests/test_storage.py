"""Storage facts the rules depend on, on both databases."""

import datetime as dt
from zoneinfo import ZoneInfo

from models import LoginThrottle

BEIJING = ZoneInfo("Asia/Shanghai")


async def test_datetimes_compare_by_instant_whatever_zone_they_carry():
    """Deadlines and lockouts are compared in SQL; SQLite compares text, so the zone must not matter."""
    now = dt.datetime.now(dt.UTC)
    await LoginThrottle.create(key="utc", window_started_at=now, locked_until=now + dt.timedelta(minutes=15))
    await LoginThrottle.create(key="beijing", window_started_at=now,
                               locked_until=(now + dt.timedelta(minutes=15)).astimezone(BEIJING))
    for probe_zone in (dt.UTC, BEIJING):
        before = (now + dt.timedelta(minutes=14)).astimezone(probe_zone)
        after = (now + dt.timedelta(minutes=16)).astimezone(probe_zone)
        assert await LoginThrottle.filter(locked_until__gt=before).count() == 2
        assert await LoginThrottle.filter(locked_until__gt=after).count() == 0
    assert await LoginThrottle.filter(locked_until__lt=now - dt.timedelta(hours=1)).count() == 0
