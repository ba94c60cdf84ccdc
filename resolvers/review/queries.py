"""Reading what reviewers and the parties see of agreements: the review queue (R1, R2) and the agreement
lists — the graduate's, the employer's, and the staff's, which is also print management (P1)."""

from __future__ import annotations

from models import Agreement
from resolvers import authz, paging
from resolvers.review.queue import QueueFilter, review_queue
from resolvers.viewer import Role, Viewer


async def queue(viewer: Viewer, f: QueueFilter, *, first: int | None, after: str | None) -> paging.Page:
    """The review queue, first submitted first."""
    return await paging.page(review_queue(viewer, f), first=first, after=after)


async def my_agreements(viewer: Viewer, method: str | None = None, *, first: int | None,
                        after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.GRADUATE)
    qs = authz.scope_agreements(viewer, Agreement.all())
    if method:
        qs = qs.filter(method=method)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def employer_agreements(viewer: Viewer, state: str | None, *, first: int | None,
                              after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.EMPLOYER)
    qs = authz.scope_agreements(viewer, Agreement.all())
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def agreements(viewer: Viewer, *, state: str | None, department_id: int | None, first: int | None,
                     after: str | None, method: str | None = None) -> paging.Page:
    """The staff's list within their scope (R2); state=approved is print management (P1)."""
    authz.require_staff(viewer)
    qs = authz.scope_agreements(viewer, Agreement.all())
    if state:
        qs = qs.filter(state=state)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if method:
        qs = qs.filter(method=method)
    return await paging.page(qs, first=first, after=after, newest_first=True)
