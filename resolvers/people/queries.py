"""Reading people: who is logged in, and the staff's graduate list within their scope (R2; B5 masks it)."""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.models import Model

from models import Employer, Graduate, Staff
from resolvers import authz, paging
from resolvers.context import Context
from resolvers.viewer import Role


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


async def graduates(ctx: Context, *, department_id: int | None, graduation_year: int | None,
                    keyword: str | None, bound: bool | None, first: int | None, after: str | None) -> paging.Page:
    viewer = ctx.viewer
    authz.require_staff(viewer)
    qs = authz.scope_graduates(viewer, Graduate.all())
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if graduation_year is not None:
        qs = qs.filter(graduation_year=graduation_year)
    if keyword and keyword.strip():
        keyword = keyword.strip()
        qs = qs.filter(Q(name__icontains=keyword) | Q(student_number__startswith=keyword))
    if bound is not None:
        qs = qs.filter(openid__isnull=not bound)
    return await paging.page(qs, first=first, after=after)
