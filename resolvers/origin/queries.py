"""Reading correction requests (O2): each reader within their scope (R2), newest first."""

from __future__ import annotations

from resolvers import paging
from resolvers.origin.corrections import visible_corrections
from resolvers.viewer import Viewer


async def correction_requests(viewer: Viewer, state: str | None, *, first: int | None,
                              after: str | None) -> paging.Page:
    return await paging.page(visible_corrections(viewer, state), first=first, after=after, newest_first=True)
