"""Rate limits on guessing secrets (passwords, ID numbers), per account, per record and per client address.

Counters live in the database so every server process on every host shares them. An attempt is counted and
decided in one atomic statement BEFORE the secret is checked (it reserves a slot): of N parallel guesses only
`limit` are ever verified, on SQLite and PostgreSQL alike. A success gives its slot back (or clears the
account's counter); a failure keeps it, and the failure that uses the last slot locks the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from tortoise import connections

from resolvers import audit
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from server import clock
from server.settings import get_settings

# Failures before these are not worth an audit entry (a typo, a forgotten password); later ones are (§6.12).
AUDIT_FROM_FAILURE = 3


def _key(kind: str, *parts: object) -> str:
    """Keys of fixed length: whatever a client sends, only its digest is stored."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"{kind}:{digest}"


def client_key(client_ip: str) -> str:
    return _key("client", client_ip)


def staff_login_key(username: str) -> str:
    return _key("login:staff", (username or "").strip().lower())


def employer_login_key(login_name: str) -> str:
    return _key("login:employer", (login_name or "").strip().lower())


def graduate_login_key(school_id: int, student_number: str) -> str:
    return _key("login:graduate", school_id, (student_number or "").strip())


def binding_key(school_id: int, student_number: str) -> str:
    return _key("bind", school_id, (student_number or "").strip())


def binding_openid_key(openid: str) -> str:
    return _key("bind:openid", openid)


def identification_key(employer_id: int) -> str:
    return _key("identify:employer", employer_id)


def identified_record_key(school_id: int, student_number: str) -> str:
    return _key("identify:record", school_id, (student_number or "").strip())


def qr_card_key(card_id: str) -> str:
    return _key("qr_card", card_id)


def print_code_key(client_ip: str) -> str:
    return _key("print_code:client", client_ip)


def registration_key(client_ip: str) -> str:
    return _key("register:client", client_ip)


def password_change_key(role: str, account_id: int) -> str:
    return _key("password", role, account_id)


@dataclass(frozen=True)
class Limit:
    """One counter an attempt goes through. On success it is cleared (an account proved its password) or only
    given back (`clear=False`: a client address, or a counter a known identity must not be able to reset)."""

    key: str
    max_attempts: int
    clear: bool = False
    minutes: int | None = None  # the window and the lockout; default WANGQIAN_LOCKOUT_MINUTES
    locked_message: str | None = None

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.minutes or get_settings().lockout_minutes)


def account(key: str, *, locked_message: str | None = None, max_attempts: int | None = None) -> Limit:
    """The strict limit of one account or record; a success clears it."""
    return Limit(key, max_attempts or get_settings().login_max_failures, clear=True, locked_message=locked_message)


def client(ctx: Context) -> Limit:
    """The lenient limit of a client address, as many people share a campus NAT."""
    return Limit(client_key(ctx.client_ip), get_settings().client_max_failures)


@dataclass(frozen=True)
class Trace:
    """What the audit log says about failed attempts and about the lockout."""

    failed: AuditAction
    locked: AuditAction
    subject_type: str
    subject_id: int | None = None
    school_id: int | None = None
    department_id: int | None = None


@dataclass
class Attempt:
    ctx: Context
    trace: Trace | None
    reserved: list[tuple[Limit, int]] = field(default_factory=list)

    async def failed(self) -> None:
        """The slots stay used; the failure that used a key's last slot locks it."""
        now = clock.now()
        for limit, count in self.reserved:
            if count == limit.max_attempts:
                await _execute("UPDATE login_throttle SET locked_until = :until WHERE \"key\" = :key",
                               until=now + limit.window, key=limit.key)
                await self._audit("locked", limit, count)
        first, count = self.reserved[0]
        if count >= AUDIT_FROM_FAILURE:
            await self._audit("failed", first, count)

    async def succeeded(self) -> None:
        for limit, _ in self.reserved:
            await (_clear(limit.key) if limit.clear else _release(limit.key))

    async def _audit(self, outcome: str, limit: Limit, count: int) -> None:
        if self.trace is None:
            return
        t = self.trace
        await audit.record(self.ctx, t.failed if outcome == "failed" else t.locked, t.subject_type, t.subject_id,
                           school_id=t.school_id,
                           department_id=t.department_id,
                           after={"attempts": count, "limit": limit.max_attempts, "counter": limit.key.split(":")[0]},
                           reason=f"第 {count} 次失败" if outcome == "failed" else
                           f"连续失败 {count} 次，锁定 {int(limit.window.total_seconds() // 60)} 分钟")


async def begin(ctx: Context, *limits: Limit, trace: Trace | None = None) -> Attempt:
    """Reserves a slot on every counter, or refuses (RATE_LIMITED) without touching the secret.

    Slots held for a moment by attempts refused on a later counter can make a parallel burst verify fewer
    than the limit, never more."""
    attempt = Attempt(ctx, trace)
    refused: tuple[Limit, dict] | None = None
    for limit in limits:
        row = await _reserve(limit)
        if row["failures"] > limit.max_attempts:
            refused = (limit, row)
            break
        else:
            attempt.reserved.append((limit, row["failures"]))
    if refused is not None:
        # This attempt is not made: the slots it took on the other counters go back.
        for limit, _ in attempt.reserved:
            await _release(limit.key)
        limit, row = refused
        raise DomainError(ErrorCode.RATE_LIMITED, limit.locked_message or
                          f"尝试次数过多，请 {_minutes_left(limit, row)} 分钟后再试")
    return attempt


async def consume(ctx: Context, limit: Limit) -> None:
    """Counts an action that is limited whatever its outcome (inside the mutation's transaction, a failed
    mutation rolls the count back)."""
    row = await _reserve(limit)
    if row["failures"] > limit.max_attempts:
        raise DomainError(ErrorCode.RATE_LIMITED, limit.locked_message or
                          f"操作过于频繁，请 {_minutes_left(limit, row)} 分钟后再试")


async def clear(*keys: str) -> None:
    for key in keys:
        await _clear(key)


async def is_locked(key: str) -> bool:
    from models import LoginThrottle

    return await LoginThrottle.filter(key=key, locked_until__gt=clock.now()).exists()


# One statement decides: counting starts afresh when the lockout is over, or when the window is over and no
# lockout was set; otherwise the attempt is one more.
_EXPIRED = ("CASE WHEN login_throttle.locked_until IS NULL THEN login_throttle.window_started_at <= :window_start "
            "ELSE login_throttle.locked_until <= :now END")
_RESERVE = f"""
INSERT INTO login_throttle ("key", failures, window_started_at, locked_until) VALUES (:key, 1, :now, NULL)
ON CONFLICT ("key") DO UPDATE SET
  failures = CASE WHEN {_EXPIRED} THEN 1 ELSE login_throttle.failures + 1 END,
  window_started_at = CASE WHEN {_EXPIRED} THEN :now ELSE login_throttle.window_started_at END,
  locked_until = CASE WHEN {_EXPIRED} THEN NULL ELSE login_throttle.locked_until END
RETURNING failures, window_started_at, locked_until
"""


async def _reserve(limit: Limit) -> dict:
    now = clock.now()
    rows = await _execute(_RESERVE, key=limit.key, now=now, window_start=now - limit.window)
    return rows[0]


async def _release(key: str) -> None:
    await _execute("UPDATE login_throttle SET failures = failures - 1 WHERE \"key\" = :key AND failures > 0", key=key)


async def _clear(key: str) -> None:
    await _execute("DELETE FROM login_throttle WHERE \"key\" = :key", key=key)


def _minutes_left(limit: Limit, row: dict) -> int:
    until = _as_datetime(row["locked_until"]) or _as_datetime(row["window_started_at"]) + limit.window
    return max(1, int((until - clock.now()).total_seconds() // 60) + 1)


def _as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(value)  # SQLite returns text (server/db.py writes UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


async def _execute(sql: str, **params) -> list[dict]:
    """Named parameters, written as each dialect wants them (`?` in order on SQLite, `$n` on PostgreSQL)."""
    conn = connections.get("default")
    sqlite = conn.capabilities.dialect == "sqlite"
    names: list[str] = []

    def placeholder(name: str) -> str:
        if sqlite:
            names.append(name)
            return "?"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    text = re.sub(r":(\w+)", lambda m: placeholder(m.group(1)), sql)
    return await conn.execute_query_dict(text, [params[n] for n in names])
