"""Reading the school's staff accounts: its own school admin only."""

from __future__ import annotations

from models import Staff
from resolvers import authz, paging
from resolvers.viewer import Viewer


async def staff_accounts(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    qs = authz.scope_staff_accounts(viewer, Staff.all())
    return await paging.page(qs, first=first, after=after)
