"""Rate limits on failed binding and login attempts, per account and per client (issue 2 §5).

Counters live in the database so every server process on every host shares them.
"""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError

from models import LoginThrottle
from resolvers.errors import DomainError, ErrorCode
from server import clock
from server.settings import get_settings


def client_key(client_ip: str) -> str:
    return f"client:{client_ip}"


def staff_login_key(username: str) -> str:
    return f"login:staff:{username.strip().lower()}"


def graduate_login_key(school_id: int, student_number: str) -> str:
    return f"login:graduate:{school_id}:{student_number}"


def _now() -> dt.datetime:
    return clock.now()


async def ensure_allowed(*keys: str) -> None:
    now = _now()
    locked = await LoginThrottle.filter(key__in=keys, locked_until__gt=now).order_by("-locked_until").first()
    if locked:
        minutes = max(1, int((locked.locked_until - now).total_seconds() // 60) + 1)
        raise DomainError(ErrorCode.RATE_LIMITED, f"尝试次数过多，请 {minutes} 分钟后再试")


async def record_failure(*account_keys: str, client_key: str) -> None:
    """Accounts get the strict limit; the client address a lenient one, as many people share a campus NAT."""
    settings = get_settings()
    for key in account_keys:
        await _bump(key, settings.login_max_failures)
    await _bump(client_key, settings.client_max_failures)


async def clear(account_key: str) -> None:
    await LoginThrottle.filter(key=account_key).delete()


async def _bump(key: str, limit: int) -> None:
    settings = get_settings()
    now = _now()
    window = dt.timedelta(minutes=settings.lockout_minutes)
    row = await LoginThrottle.get_or_none(key=key)
    if row is None:
        try:
            row = await LoginThrottle.create(key=key, failures=0, window_started_at=now)
        except IntegrityError:
            row = await LoginThrottle.get(key=key)
    if row.window_started_at < now - window:
        await LoginThrottle.filter(id=row.id).update(failures=1, window_started_at=now, locked_until=None)
        failures = 1
    else:
        from tortoise.expressions import F

        await LoginThrottle.filter(id=row.id).update(failures=F("failures") + 1)
        failures = row.failures + 1
    if failures >= limit:
        await LoginThrottle.filter(id=row.id).update(locked_until=now + window)
