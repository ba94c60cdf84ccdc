from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Termination
from resolvers import authz
from resolvers.viewer import Role
from schema.relay import Connection, paginate
from schema.termination.types import TerminationNode


@strawberry.type
class Query:
    @strawberry.field(description="毕业生本人的解约申请，最新的在前")
    async def my_terminations(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[TerminationNode]:
        viewer = info.context.viewer
        authz.require_role(viewer, Role.GRADUATE)
        qs = authz.scope_terminations(viewer, Termination.all())
        return await paginate(qs, TerminationNode, first=first, after=after, newest_first=True)
