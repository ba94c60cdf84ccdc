"""Reading notices: staff list what they manage; graduates page through what is addressed to them, pinned first,
with their own unread state (issue 12 §1)."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Graduate, Notice, NoticeRead, School
from resolvers import authz, paging
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Viewer
from server import clock


async def managed(viewer: Viewer, *, state: str | None, first: int | None, after: str | None) -> paging.Page:
    qs = authz.scope_notices(viewer, Notice.all())
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def _addressed(viewer: Viewer) -> tuple[Graduate, QuerySet]:
    graduate = viewer.row if isinstance(viewer.row, Graduate) else await Graduate.get(id=viewer.id)
    province_id = (await School.filter(id=graduate.school_id).values_list("province_id", flat=True))[0]
    return graduate, authz.notices_addressed_to(graduate, province_id, Notice.all())


def _read_by(graduate_id: int) -> Subquery:
    return Subquery(NoticeRead.filter(graduate_id=graduate_id).values("notice_id"))


async def mine(viewer: Viewer, *, kind: str | None, unread_only: bool, first: int | None,
               after: str | None) -> paging.Page:
    """Pinned first, then the most recently published; the cursor names a notice, whose place in that order is
    read back (one statement), so paging stays keyset whatever pinning happens between pages."""
    graduate, addressed = await _addressed(viewer)
    qs = addressed
    if kind:
        qs = qs.filter(kind=kind)
    if unread_only:
        qs = qs.exclude(id__in=_read_by(graduate.id))
    size = paging.DEFAULT_PAGE if first is None else first
    if size < 0 or size > paging.MAX_PAGE:
        raise DomainError(ErrorCode.INVALID_INPUT, f"每页最多 {paging.MAX_PAGE} 条", "first")
    after_id = paging.key_of(after)
    page_qs = qs
    if after_id is not None:
        # Among all the graduate's notices: one read since the page before still marks the place (unreadOnly).
        last = await addressed.filter(id=after_id).first()
        if last is None:  # withdrawn or re-addressed since: the cursor no longer names a place in the list
            raise DomainError(ErrorCode.INVALID_ID, "游标无效", "after")
        later = Q(published_at__lt=last.published_at) | Q(published_at=last.published_at, id__lt=last.id)
        page_qs = qs.filter((Q(pinned=False) | (Q(pinned=True) & later)) if last.pinned else (Q(pinned=False) & later))
    rows = list(await page_qs.order_by("-pinned", "-published_at", "-id").limit(size + 1))
    rows = rows[:size]
    read = dict(await NoticeRead.filter(graduate_id=graduate.id, notice_id__in=[r.id for r in rows])
                .values_list("notice_id", "read_at")) if rows else {}
    for row in rows:
        row.read_at = read.get(row.id)
    return paging.Page(rows=rows, has_next=len(rows) > size, has_previous=after_id is not None, _all=qs)


async def unread_count(viewer: Viewer) -> int:
    graduate, qs = await _addressed(viewer)
    return await qs.exclude(id__in=_read_by(graduate.id)).count()


async def notice_for_graduate(viewer: Viewer, notice_id: int) -> Notice:
    """A notice addressed to the graduate; NOT_FOUND for any other, withdrawn ones included."""
    _, qs = await _addressed(viewer)
    notice = await qs.filter(id=notice_id).first()
    if notice is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="ids")
    return notice


async def mark_read(viewer: Viewer, notice_ids: list[int]) -> list[Notice]:
    """Marks the notices read for this graduate; one already read keeps its first reading time."""
    _, qs = await _addressed(viewer)
    notices = list(await qs.filter(id__in=sorted(set(notice_ids))))
    if len(notices) != len(set(notice_ids)):
        raise DomainError(ErrorCode.NOT_FOUND, "通知不存在", "ids")
    already = set(await NoticeRead.filter(graduate_id=viewer.id, notice_id__in=[n.id for n in notices])
                  .values_list("notice_id", flat=True))
    now = clock.now()
    fresh = [NoticeRead(notice_id=n.id, graduate_id=viewer.id, read_at=now) for n in notices if n.id not in already]
    if fresh:
        await NoticeRead.bulk_create(fresh, ignore_conflicts=True)
    read = dict(await NoticeRead.filter(graduate_id=viewer.id, notice_id__in=[n.id for n in notices])
                .values_list("notice_id", "read_at"))
    for n in notices:
        n.read_at = read.get(n.id)
    return notices

