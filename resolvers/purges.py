"""Deleting what is kept only for a while: spent scan-to-print codes and old staff export files.

A loop of `wangqian worker` (notifications/worker.LOOPS). Any number of workers may run it at once: a print code
goes in one DELETE whose condition is the purge rule itself, and an export is claimed by the DELETE of its own
row, so only the worker whose DELETE removed it goes on to forget its file. The file's row goes in the same
transaction; its bytes only after the commit, so a rollback never leaves a row naming bytes that are gone (a
worker that dies in between leaves bytes no row names, which harm nobody).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from models import Export, PrintCode, StoredFile
from resolvers import audit
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.printing.print_codes import lifetime
from resolvers.viewer import SYSTEM
from server import clock, file_storage
from server.settings import get_settings

log = logging.getLogger(__name__)
POLL_SECONDS = 600.0
BATCH = 500


def print_code_cutoff(now: dt.datetime) -> dt.datetime:
    """A code whose expiry is before this can no longer be used, scanned or not: a scanned code's page may
    fetch the PDF again until `lifetime` after the scan, and a scan happens before the expiry."""
    return now - lifetime() - dt.timedelta(hours=get_settings().print_code_grace_hours)


def export_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=get_settings().export_retention_days)


async def purge_print_codes(limit: int = BATCH) -> int:
    spent = PrintCode.filter(expires_at__lt=print_code_cutoff(clock.now()))
    ids = Subquery(spent.order_by("id").limit(limit).values("id"))
    return await PrintCode.filter(id__in=ids, expires_at__lt=print_code_cutoff(clock.now())).delete()


async def purge_exports(limit: int = BATCH) -> int:
    """Finished exports (written or failed) older than the retention: the export, its file's row and bytes.
    Returns how many exports this worker removed."""
    old = await (Export.filter(finished_at__lt=export_cutoff(clock.now())).order_by("id").limit(limit)
                 .values_list("id", "file_id", "kind", "school_id", "department_id"))
    done = 0
    for export_id, file_id, kind, school_id, department_id in old:
        async with in_transaction():
            if not await Export.filter(id=export_id).delete():
                continue  # another worker's
            stored = await StoredFile.get_or_none(id=file_id) if file_id is not None else None
            if stored is not None:
                await StoredFile.filter(id=stored.id).delete()
            await audit.record(Context(viewer=SYSTEM), AuditAction.EXPORT_PURGED, "export", export_id,
                               school_id=school_id, department_id=department_id,
                               before={"kind": kind, "file_id": file_id})
        done += 1
        if stored is not None:
            try:
                await file_storage.storage().delete(stored.storage_key)
            except Exception:  # the row is gone already: the bytes are unreachable, retrying gains nothing
                log.exception("export %s: file %s not deleted from the store", export_id, stored.storage_key)
    return done


async def run_pending() -> tuple[int, int]:
    """One pass: (print codes, exports) deleted."""
    codes = exports = 0
    while (n := await purge_print_codes()) > 0:
        codes += n
        if n < BATCH:
            break
    while (n := await purge_exports()) > 0:
        exports += n
        if n < BATCH:
            break
    return codes, exports


async def run_forever() -> None:
    while True:
        try:
            await run_pending()
        except Exception:
            log.exception("purge pass failed")
        await asyncio.sleep(POLL_SECONDS)
