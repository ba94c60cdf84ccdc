"""Reading people: who is logged in, and the staff's graduate list within their scope (R2; B5 masks it)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import Employer, Graduate, Staff
from resolvers import authz, paging
from resolvers.context import Context
from resolvers.viewer import Role, Viewer


async def me(ctx: Context) -> Model | None:
    """The caller's own record: a Graduate, an Employer or a Staff row; None when anonymous."""
    viewer = ctx.viewer
    if viewer.role is Role.GRADUATE:
        return await ctx.loaders.get(Graduate, viewer.id)
    if viewer.role is Role.EMPLOYER:
        return await ctx.loaders.get(Employer, viewer.id)
    if viewer.is_staff:
        return await ctx.loaders.get(Staff, viewer.id)
    return None


@dataclass
class GraduateFilter:
    department_id: int | None = None
    graduation_year: int | None = None
    keyword: str | None = None
    bound: bool | None = None


def graduate_rows(viewer: Viewer, f: GraduateFilter) -> QuerySet[Graduate]:
    """The staff's graduate list, whoever reads it: the page on screen and its export (resolvers/exports)."""
    authz.require_staff(viewer)
    qs = authz.scope_graduates(viewer, Graduate.all())
    if f.department_id is not None:
        qs = qs.filter(department_id=f.department_id)
    if f.graduation_year is not None:
        qs = qs.filter(graduation_year=f.graduation_year)
    keyword = (f.keyword or "").strip()
    if keyword:
        qs = qs.filter(Q(name__icontains=keyword) | Q(student_number__startswith=keyword))
    if f.bound is not None:
        qs = qs.filter(openid__isnull=not f.bound)
    return qs


async def graduates(ctx: Context, f: GraduateFilter, *, first: int | None, after: str | None) -> paging.Page:
    return await paging.page(graduate_rows(ctx.viewer, f), first=first, after=after)
