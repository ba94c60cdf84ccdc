"""Reading positions, applications and fraud reports (S1, X2): each list within its reader's scope."""

from __future__ import annotations

from models import Application, FraudReport
from resolvers import authz, paging
from resolvers.positions.browse import browse, employer_positions
from resolvers.viewer import Role, Viewer


async def positions(viewer: Viewer, *, keyword: str | None, location_code: str | None, category: str | None,
                    first: int | None, after: str | None) -> paging.Page:
    """Open positions not past their deadline, newest first."""
    qs = browse(viewer, keyword, location_code, category)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def my_positions(viewer: Viewer, state: str | None, *, first: int | None, after: str | None) -> paging.Page:
    qs = employer_positions(viewer, state)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def my_applications(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.GRADUATE)
    qs = authz.scope_applications(viewer, Application.all())
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def applicants(viewer: Viewer, position_id: int | None, *, first: int | None,
                     after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.EMPLOYER)
    qs = authz.scope_applications(viewer, Application.all())
    if position_id:
        qs = qs.filter(position_id=position_id)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def fraud_reports(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    qs = authz.scope_fraud_reports(viewer, FraudReport.all())
    return await paging.page(qs, first=first, after=after, newest_first=True)
