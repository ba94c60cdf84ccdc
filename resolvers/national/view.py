"""What the national destination registration system holds of a graduate, the graduate's final confirmation of it
(毕业生信息确认) and the school's list of those who have not confirmed (issue 12 §6, seed 003 §5).

"Holds" means the last state of each record the receiver acknowledged, never what is merely queued: a record
changed since is flagged pending until its new state is acknowledged, and a refused one carries the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery

from models import Graduate, NationalConfirmation, NationalSyncItem
from resolvers import audit, authz, paging
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.national import snapshots
from resolvers.national.sync import ACKNOWLEDGED, QUEUED, REFUSED, SENDING, snapshot_of
from resolvers.people.queries import GraduateFilter, graduate_rows
from resolvers.viewer import Role, Viewer
from server import clock


@dataclass
class HeldRecord:
    record: str
    fields: list[list[str]]  # (key, label, value, text) as acknowledged; empty when nothing was acknowledged
    acknowledged_at: object | None
    item_id: int | None
    pending: bool  # a newer state is queued or being sent
    refusal_reason: str | None  # the receiver refused the newest state


@dataclass
class NationalRecord:
    graduate_id: int
    records: list[HeldRecord]
    confirmed_at: object | None

    @property
    def unsettled(self) -> list[HeldRecord]:
        return [r for r in self.records if r.pending or r.refusal_reason is not None]


async def held(graduate_id: int) -> NationalRecord:
    items = list(await NationalSyncItem.filter(graduate_id=graduate_id, state__in=(ACKNOWLEDGED, QUEUED, SENDING,
                                                                                   REFUSED)).order_by("version"))
    records = []
    for record in snapshots.RECORDS:
        mine = [i for i in items if i.record == record]
        acked = [i for i in mine if i.state == ACKNOWLEDGED]
        last = acked[-1] if acked else None
        newer = [i for i in mine if last is None or i.version > last.version]
        # Only the newest item's refusal counts: a change queued since replaces what was refused (sync._UPSERT).
        refused = [i for i in newer[-1:] if i.state == REFUSED]
        records.append(HeldRecord(
            record=record, fields=snapshot_of(last) if last else [],
            acknowledged_at=last.acknowledged_at if last else None, item_id=last.id if last else None,
            pending=any(i.state in (QUEUED, SENDING) for i in newer),
            refusal_reason=refused[-1].refusal_reason if refused else None))
    confirmation = await NationalConfirmation.get_or_none(graduate_id=graduate_id)
    return NationalRecord(graduate_id, records, confirmation.confirmed_at if confirmation else None)


async def mine(viewer: Viewer) -> NationalRecord:
    authz.require_role(viewer, Role.GRADUATE)
    return await held(viewer.id)


async def confirm(ctx: Context, confirmed: bool) -> NationalRecord:
    """The graduate's final confirmation of what the national system holds. Refused while a change is not yet
    acknowledged or was refused: they would confirm something the national system does not hold."""
    authz.require_role(ctx.viewer, Role.GRADUATE)
    if not confirmed:
        raise DomainError(ErrorCode.INVALID_INPUT, "请勾选确认全国系统中的信息无误", "confirmed")
    graduate = await Graduate.select_for_update().get(id=ctx.viewer.id)
    record = await held(graduate.id)
    if record.unsettled:
        names = "、".join(snapshots.RECORDS[r.record] for r in record.unsettled)
        raise DomainError(ErrorCode.INVALID_STATE, f"{names}尚未同步到全国系统或被退回，请待同步完成或修改后再确认",
                          "confirmed")
    if not any(r.item_id for r in record.records):
        raise DomainError(ErrorCode.INVALID_STATE, "全国系统中还没有你的信息，请先登记生源信息等并等待同步",
                          "confirmed")
    if record.confirmed_at is not None:
        return record
    now = clock.now()
    ids = [r.item_id for r in record.records if r.item_id]
    await NationalConfirmation.create(graduate_id=graduate.id, item_ids=ids, confirmed_at=now)
    await audit.record(ctx, AuditAction.NATIONAL_RECORD_CONFIRMED, "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id,
                       after={"confirmed_at": now, "item_ids": ids})
    record.confirmed_at = now
    return record


def _confirmed() -> Subquery:
    return Subquery(NationalConfirmation.all().values("graduate_id"))


def unconfirmed_rows(viewer: Viewer, f: GraduateFilter):
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    return graduate_rows(viewer, f).exclude(id__in=_confirmed())


async def unconfirmed(viewer: Viewer, f: GraduateFilter, *, first: int | None, after: str | None) -> paging.Page:
    return await paging.page(unconfirmed_rows(viewer, f), first=first, after=after)


async def unconfirmed_count(viewer: Viewer, f: GraduateFilter) -> int:
    return await unconfirmed_rows(viewer, f).count()
