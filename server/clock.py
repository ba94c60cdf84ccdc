"""The service's one clock: every rule that depends on time asks it, so tests can set it.

`now()` is an aware UTC datetime; `today()` is the Beijing date, the calendar the platform's rules use
(deadlines, the signing and termination dates of S11 and T2). A client that sends a time without an offset
means Beijing time.

Tests set the time with `frozen(at)`: it stands still until `advance` or `set` moves it. Only this module
reads the system clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

PLATFORM_TZ = ZoneInfo("Asia/Shanghai")

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    return _fixed if _fixed is not None else dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return in_platform_zone(now()).date()


def aware(value: dt.datetime) -> dt.datetime:
    """A client that sends no offset means Beijing time, as every party of the platform does."""
    return value if value.tzinfo else value.replace(tzinfo=PLATFORM_TZ)


def in_platform_zone(value: dt.datetime) -> dt.datetime:
    return aware(value).astimezone(PLATFORM_TZ)


def jwt_checks(**options: object) -> dict:
    """Keyword arguments for `jwt.decode` so tokens expire by this clock: pyjwt compares `exp` with the system
    clock minus `leeway`. `iat` is not checked: it would refuse a token stamped by a clock set ahead (and, in
    production, one stamped by a host whose clock runs a second ahead)."""
    leeway = (dt.datetime.now(dt.UTC) - now()).total_seconds() if _fixed is not None else 0.0
    return {"leeway": leeway, "options": {"verify_iat": False, **options}}


class Frozen:
    """The handle `frozen` gives a test."""

    def set(self, at: dt.datetime) -> dt.datetime:
        global _fixed
        _fixed = aware(at).astimezone(dt.UTC)
        return _fixed

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        """advance(timedelta(...)) or advance(seconds=60.001)."""
        return self.set(now() + (delta or dt.timedelta(**kwargs)))

    def now(self) -> dt.datetime:
        return now()


@contextmanager
def frozen(at: dt.datetime | None = None) -> Iterator[Frozen]:
    """Time stands still at `at` (default: the moment of entry) until moved; restored on exit."""
    global _fixed
    previous = _fixed
    handle = Frozen()
    handle.set(at or now())
    try:
        yield handle
    finally:
        _fixed = previous
