"""Reading destination registrations: the graduate's own, the staff's list in their scope (R2), the catalog."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.queryset import QuerySet

from models import Destination, Graduate, codes
from resolvers import authz, paging
from resolvers.destination.catalog import DIRECTED_SUPPLEMENT, KINDS, Kind
from resolvers.viewer import Role, Viewer


async def mine(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.GRADUATE)
    return await paging.page(authz.scope_destinations(viewer, Destination.all()), first=first, after=after,
                             newest_first=True)


@dataclass
class DestinationFilter:
    type_code: str | None = None
    state: str | None = None
    department_id: int | None = None


def listed(viewer: Viewer, f: DestinationFilter) -> QuerySet[Destination]:
    """The staff's list (the screen's and its export's): voided records stay in it (D4), the school sees what a
    graduate voided."""
    authz.require_staff(viewer)
    qs = authz.scope_destinations(viewer, Destination.all())
    if f.type_code:
        qs = qs.filter(type=f.type_code)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    return qs


async def in_scope(viewer: Viewer, f: DestinationFilter, *, first: int | None, after: str | None) -> paging.Page:
    return await paging.page(listed(viewer, f), first=first, after=after, newest_first=True)


async def catalog_for(viewer: Viewer) -> list[Kind]:
    """D5: a directed or commissioned graduate sees only the directed/commissioned supplement; other graduates
    do not see it; staff see every kind."""
    if viewer.role is not Role.GRADUATE:
        return list(KINDS)
    graduate = await Graduate.get(id=viewer.id)
    directed = graduate.training_mode != codes.NON_DIRECTED
    return [k for k in KINDS if (k.sub_type == DIRECTED_SUPPLEMENT) == directed]
