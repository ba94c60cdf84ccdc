"""Print management (P1): the approved agreements of the staff member's scope, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.queryset import QuerySet

from models import Agreement
from resolvers import authz, paging
from resolvers.viewer import Viewer


@dataclass
class PrintFilter:
    department_id: int | None = None
    printed: bool | None = None


def print_list_rows(viewer: Viewer, f: PrintFilter) -> QuerySet[Agreement]:
    """The list's rows, whoever reads them: the page on screen and its export (resolvers/exports)."""
    qs = authz.scope_print_list(viewer, Agreement.filter(state="approved"))
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.printed is not None:
        qs = qs.filter(print_count__gt=0) if f.printed else qs.filter(print_count=0)
    return qs


async def print_list(viewer: Viewer, f: PrintFilter, *, first: int | None, after: str | None) -> paging.Page:
    return await paging.page(print_list_rows(viewer, f), first=first, after=after, newest_first=True)
