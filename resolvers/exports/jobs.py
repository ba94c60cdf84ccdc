"""Export jobs: a staff member asks (a row and an audit entry), a worker writes the file in the background, the
requester (or staff of the same scope) then gets a short-lived signed link to it.

`run_pending()` is the job, a loop of `wangqian worker` (notifications/worker.LOOPS), in-process on the embedded
default. Any number of workers may run: each export is claimed by one conditional UPDATE; a claim older than
STALE (a worker that died half way) may be taken again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import Export
from resolvers import audit, authz, files
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError
from resolvers.exports import workbook
from resolvers.exports.registry import KINDS
from resolvers.viewer import SYSTEM, Role, Viewer
from server import clock

log = logging.getLogger(__name__)
PURPOSE = "export"
POLL_SECONDS = 2.0
STALE = dt.timedelta(minutes=15)
FAILED_MESSAGE = "导出失败，请重新导出"
_wakeup: asyncio.Event | None = None

STATES = {"queued": "排队中", "running": "生成中", "ready": "已完成", "failed": "失败"}


def state_of(export: Export) -> str:
    if export.file_id is not None:
        return "ready"
    if export.finished_at is not None:
        return "failed"
    return "running" if export.claimed_at is not None else "queued"


def requester(export: Export, name: str = "") -> Viewer:
    """Who the list is read as: the requester with the scope they had when they asked."""
    return Viewer(role=Role(export.role), id=export.staff_id, name=name, school_id=export.school_id,
                  department_id=export.department_id, province_id=export.province_id)


async def request(ctx: Context, kind_name: str, filters: Any) -> Export:
    viewer = ctx.viewer
    kind = KINDS[kind_name]
    authz.require_role(viewer, *kind.roles)
    if kind.check is not None:
        await kind.check(viewer, filters)
    kept = kind.filters_to_json(filters)
    export = await Export.create(kind=kind.name, filters=kept, staff_id=viewer.id, role=viewer.role.value,
                                 province_id=viewer.province_id, school_id=viewer.school_id,
                                 department_id=viewer.department_id)
    await audit.record(ctx, AuditAction.EXPORT_REQUESTED, "export", export.id, school_id=viewer.school_id,
                       department_id=viewer.department_id, after={"kind": kind.name, "filters": kept})
    return export


def wake() -> None:
    """After the request's commit: the worker of this process starts at once instead of at its next poll."""
    if _wakeup is not None:
        _wakeup.set()


async def _claim() -> Export | None:
    now = clock.now()
    waiting = Export.filter(finished_at__isnull=True).filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE))
    for export in await waiting.order_by("id").limit(10):
        same_claim = {"claimed_at": export.claimed_at} if export.claimed_at else {"claimed_at__isnull": True}
        if await Export.filter(id=export.id, finished_at__isnull=True, **same_claim).update(claimed_at=now):
            export.claimed_at = now
            return export
    return None


async def run_one(export: Export) -> None:
    """Writes the claimed export's file and stores it; a failure is kept on the export for the requester."""
    kind = KINDS[export.kind]
    try:
        data, count = await workbook.write(kind, requester(export), kind.filters_from_json(export.filters))
    except Exception as e:
        if not isinstance(e, DomainError):
            log.exception("export %s (%s) failed", export.id, export.kind)
        async with in_transaction():
            await _finish(export, error=e.message if isinstance(e, DomainError) else FAILED_MESSAGE)
        return
    stamp = clock.in_platform_zone(clock.now()).strftime("%Y%m%d-%H%M%S")
    async with files.removed_on_rollback(), in_transaction():
        stored = await files.save(data, content_type=workbook.CONTENT_TYPE, filename=f"{kind.title}-{stamp}.xlsx",
                                  owner_kind="export", owner_id=export.id, purpose=PURPOSE)
        await _finish(export, file_id=stored.id, row_count=count)


async def _finish(export: Export, **result: Any) -> None:
    result["finished_at"] = clock.now()
    await Export.filter(id=export.id).update(**result)
    for key, value in result.items():
        setattr(export, key, value)
    await audit.record(Context(viewer=SYSTEM), AuditAction.EXPORT_FINISHED, "export", export.id,
                       school_id=export.school_id, department_id=export.department_id,
                       after={"kind": export.kind, "state": state_of(export), "row_count": export.row_count,
                              "file_id": export.file_id, "error": export.error or None})


async def run_pending() -> int:
    """The background job: writes the exports waiting for a worker, one at a time; returns how many."""
    done = 0
    while (export := await _claim()) is not None:
        await run_one(export)
        done += 1
    return done


async def run_forever() -> None:
    global _wakeup
    _wakeup = asyncio.Event()
    while True:
        try:
            await run_pending()
        except Exception:
            log.exception("export pass failed")
        try:
            await asyncio.wait_for(_wakeup.wait(), timeout=POLL_SECONDS)
        except TimeoutError:
            pass
        _wakeup.clear()
