"""Print management (P1): the approved agreements of the staff member's scope, newest first."""

from __future__ import annotations

from models import Agreement
from resolvers import authz, paging
from resolvers.viewer import Viewer


async def print_list(viewer: Viewer, *, department_id: int | None, printed: bool | None, first: int | None,
                     after: str | None) -> paging.Page:
    qs = authz.scope_print_list(viewer, Agreement.filter(state="approved"))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if printed is not None:
        qs = qs.filter(print_count__gt=0) if printed else qs.filter(print_count=0)
    return await paging.page(qs, first=first, after=after, newest_first=True)
