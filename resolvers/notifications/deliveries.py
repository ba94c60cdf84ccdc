"""Failed and dead deliveries, for the school admin to see and re-queue.

Who sees what: a school admin sees the deliveries of their own school only — to its graduates and staff, and to
employers about its graduates (the school of the event) — never another school's. They see the kind, channel,
status, attempts and the provider's error (phone numbers masked), never the address or the message. Re-queuing
is audited; a re-queued delivery starts its attempts afresh.
"""

from __future__ import annotations

from models import Delivery
from notifications import deliveries
from resolvers import audit, authz, paging
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode


def _of_school(ctx: Context):
    return Delivery.filter(school_id=authz.require_school_admin(ctx.viewer))


async def visible(ctx: Context, ids: list[int | None]) -> list[Delivery | None]:
    if not authz.can_manage_school(ctx.viewer, ctx.viewer.school_id or 0):
        return [None for _ in ids]
    rows = {d.id: d for d in await _of_school(ctx).filter(id__in=[i for i in ids if i])}
    return [rows.get(i) for i in ids]


async def failed(ctx: Context, *, statuses: list[str] | None, first: int | None, after: str | None) -> paging.Page:
    wanted = statuses or list(deliveries.REQUEUEABLE)
    return await paging.page(_of_school(ctx).filter(status__in=wanted), first=first, after=after,
                             newest_first=True)


async def requeue(ctx: Context, ids: list[int]) -> list[Delivery]:
    """Failed or dead deliveries of the admin's school back to pending; all or nothing."""
    rows = {d.id: d for d in await _of_school(ctx).filter(id__in=ids)}
    for i, delivery_id in enumerate(ids):
        row = rows.get(delivery_id)
        if row is None:
            raise DomainError(ErrorCode.NOT_FOUND, field=["ids", str(i)])
        if row.status not in deliveries.REQUEUEABLE:
            raise DomainError(ErrorCode.INVALID_STATE, "只有发送失败或已放弃的通知可以重新发送", ["ids", str(i)])
    for row in rows.values():
        changed = await Delivery.filter(id=row.id, status__in=deliveries.REQUEUEABLE).update(
            status=deliveries.PENDING, attempts=0, next_attempt_at=None, claimed_at=None)
        if not changed:
            raise DomainError(ErrorCode.STALE_STATE, field="ids")
        await audit.record(ctx, AuditAction.DELIVERY_REQUEUED, "delivery", row.id, school_id=row.school_id,
                           before={"status": row.status, "attempts": row.attempts, "lastError": row.last_error},
                           after={"status": deliveries.PENDING})
    deliveries.wake()
    return list(await Delivery.filter(id__in=ids).order_by("id"))
