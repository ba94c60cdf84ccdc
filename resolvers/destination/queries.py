"""Reading destination registrations: the graduate's own, the staff's list in their scope (R2), the catalog."""

from __future__ import annotations

from models import Destination, Graduate, codes
from resolvers import authz, paging
from resolvers.destination.catalog import DIRECTED_SUPPLEMENT, KINDS, Kind
from resolvers.viewer import Role, Viewer


async def mine(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.GRADUATE)
    return await paging.page(authz.scope_destinations(viewer, Destination.all()), first=first, after=after,
                             newest_first=True)


async def in_scope(viewer: Viewer, *, type_code: str | None, state: str | None, department_id: int | None,
                   first: int | None, after: str | None) -> paging.Page:
    """Voided records stay in the list (D4): the school sees what a graduate voided."""
    authz.require_staff(viewer)
    qs = authz.scope_destinations(viewer, Destination.all())
    if type_code:
        qs = qs.filter(type=type_code)
    if state:
        qs = qs.filter(state=state)
    if department_id:
        qs = qs.filter(department_id=department_id)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def catalog_for(viewer: Viewer) -> list[Kind]:
    """D5: a directed or commissioned graduate sees only the directed/commissioned supplement; other graduates
    do not see it; staff see every kind."""
    if viewer.role is not Role.GRADUATE:
        return list(KINDS)
    graduate = await Graduate.get(id=viewer.id)
    directed = graduate.training_mode != codes.NON_DIRECTED
    return [k for k in KINDS if (k.sub_type == DIRECTED_SUPPLEMENT) == directed]
