"""The graduate's 求职意向职位: the open positions matching their intentions, newest first, in one query a page."""

from __future__ import annotations

from tortoise.expressions import RawSQL

from resolvers import authz, paging
from resolvers.intentions.announce import match
from resolvers.positions.open_window import open_positions
from resolvers.viewer import Role, Viewer

POSITION_TABLE = '"position"'  # as tortoise names the table in the page's query


async def matching_positions(viewer: Viewer, *, first: int | None, after: str | None) -> paging.Page:
    """The viewer's own matches only: the graduate id comes from the token, never from the request."""
    authz.require_role(viewer, Role.GRADUATE)
    graduate_id = int(viewer.id)  # an int, so it can stand in the SQL text
    mine = RawSQL(f"EXISTS (SELECT 1 FROM job_intention i WHERE i.graduate_id = {graduate_id} "
                  f"AND {match(POSITION_TABLE)})")
    qs = open_positions().annotate(matches_intentions=mine).filter(matches_intentions=True)
    return await paging.page(qs, first=first, after=after, newest_first=True)
