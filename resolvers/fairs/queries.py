"""Reading fairs (issue 12 §2): staff their school's, employers every published one and their own applications,
graduates their school's published fairs by start time and their own registrations."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery

from models import FairApplication, FairRegistration, JobFair
from resolvers import authz, paging
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Viewer
from server import clock


async def managed(viewer: Viewer, *, state: str | None, first: int | None, after: str | None) -> paging.Page:
    authz.require_login(viewer)
    qs = authz.scope_fairs_for_staff(viewer, JobFair.all())
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def for_employers(viewer: Viewer, *, school_id: int | None, first: int | None,
                        after: str | None) -> paging.Page:
    """Published fairs not yet over, of every school (an employer recruits where it likes)."""
    authz.require_login(viewer)
    qs = JobFair.filter(state="published", ends_at__gt=clock.now())
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def employer_applications(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    authz.require_login(viewer)
    return await paging.page(FairApplication.filter(employer_id=viewer.id), first=first, after=after,
                             newest_first=True)


async def fair_applications(viewer: Viewer, fair_id: int, *, state: str | None, first: int | None,
                            after: str | None) -> paging.Page:
    authz.require_login(viewer)
    fair = await JobFair.get_or_none(id=fair_id)
    if fair is None or not authz.reads_school_fairs(viewer, fair.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="fairId")
    qs = FairApplication.filter(fair_id=fair.id)
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after)


async def fair_registrations(viewer: Viewer, fair_id: int, *, state: str | None, first: int | None,
                             after: str | None) -> paging.Page:
    """Who registered for a fair of the viewer's school, in the order they first registered: its school admins
    see every graduate, a department reviewer only their department's (R2); another school's fair is NOT_FOUND."""
    authz.require_login(viewer)
    fair = await JobFair.get_or_none(id=fair_id)
    if fair is None or not authz.reads_school_fairs(viewer, fair.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="fairId")
    qs = authz.scope_fair_registrations(viewer, FairRegistration.filter(fair_id=fair.id))
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after)


async def for_graduate(viewer: Viewer, *, registered_only: bool, first: int | None,
                       after: str | None) -> paging.Page:
    """Their school's published fairs not yet over, soonest first. The cursor names a fair whose place in that
    order is read back (one statement), so the paging stays keyset when fairs are added between pages."""
    authz.require_login(viewer)
    qs = JobFair.filter(school_id=viewer.school_id, state="published", ends_at__gt=clock.now())
    if registered_only:
        qs = qs.filter(id__in=Subquery(FairRegistration.filter(graduate_id=viewer.id, state="registered")
                                       .values("fair_id")))
    size = paging.DEFAULT_PAGE if first is None else first
    if size < 0 or size > paging.MAX_PAGE:
        raise DomainError(ErrorCode.INVALID_INPUT, f"每页最多 {paging.MAX_PAGE} 条", "first")
    after_id = paging.key_of(after)
    page_qs = qs
    if after_id is not None:
        last = await JobFair.filter(id=after_id, school_id=viewer.school_id).first()
        if last is None:
            raise DomainError(ErrorCode.INVALID_ID, "游标无效", "after")
        page_qs = qs.filter(Q(starts_at__gt=last.starts_at) | Q(starts_at=last.starts_at, id__gt=last.id))
    rows = list(await page_qs.order_by("starts_at", "id").limit(size + 1))
    return paging.Page(rows=rows[:size], has_next=len(rows) > size, has_previous=after_id is not None, _all=qs)
