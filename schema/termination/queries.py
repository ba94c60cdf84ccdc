from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.termination import queries
from schema.relay import Connection
from schema.termination.types import TerminationNode


@strawberry.type
class Query:
    @strawberry.field(description="毕业生本人的解约申请，最新的在前")
    async def my_terminations(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[TerminationNode]:
        return Connection.of(await queries.my_terminations(info.context.viewer, first=first, after=after),
                             TerminationNode)
