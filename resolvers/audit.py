"""Audit log: who changed what, when, why and from where (R3, issue 2 §10).

Called inside the transaction of the change, so the entry and the change commit or fail together.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from models import AuditEntry
from resolvers import deferred_rows
from resolvers.audit_actions import AuditAction
from resolvers.context import Context

# Personal data never lands in the audit log in clear.
SECRET_FIELDS = frozenset({"id_number_enc", "phone_enc", "contact_phone_enc", "password_hash", "id_number_hash",
                           "birth_date_enc"})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {f: ("***" if f in SECRET_FIELDS else _plain(getattr(obj, f, None))) for f in fields}


def require_action(action: AuditAction) -> None:
    """A plain string would let a new spelling or tense slip into the log, where filters would miss it."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit action must be an AuditAction member, not {action!r}")


def redact(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if k in SECRET_FIELDS else _plain(v)) for k, v in changes.items()}


async def record(
    ctx: Context,
    action: AuditAction,
    subject_type: str,
    subject_id: int | None,
    *,
    school_id: int | None = None,
    department_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    require_action(action)
    viewer = ctx.viewer
    entry = AuditEntry(
        actor_kind=viewer.actor_kind if viewer.is_authenticated else "system" if viewer.name else "anonymous",
        actor_id=viewer.id,
        actor_name=viewer.name[:64],
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        school_id=school_id,
        department_id=department_id,
        before=redact(before) if before is not None else None,
        after=redact(after) if after is not None else None,
        reason=reason or "",
        client_ip=ctx.client_ip[:64],
        request_id=ctx.request_id[:64],
    )
    if not deferred_rows.defer(entry):
        await entry.save()
    return entry
