"""Reading terminations: the graduate's own requests, newest first (T1-T4)."""

from __future__ import annotations

from models import Termination
from resolvers import authz, paging
from resolvers.viewer import Role, Viewer


async def my_terminations(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    authz.require_role(viewer, Role.GRADUATE)
    qs = authz.scope_terminations(viewer, Termination.all())
    return await paging.page(qs, first=first, after=after, newest_first=True)
