"""Reading the organisations: the schools a graduate picks from before binding (B1), open to anyone."""

from __future__ import annotations

from models import School
from resolvers import paging


async def schools(keyword: str | None, *, first: int | None, after: str | None) -> paging.Page:
    qs = School.all()
    if keyword and keyword.strip():
        qs = qs.filter(name__icontains=keyword.strip())
    return await paging.page(qs, first=first, after=after)
