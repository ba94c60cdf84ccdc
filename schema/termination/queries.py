from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.termination import queries
from schema import access
from schema.relay import Connection
from schema.termination.types import TerminationNode


@strawberry.type
class Query:
    @access.query("毕业生本人的解约申请，最新的在前", roles=access.GRADUATE,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_terminations(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[TerminationNode]:
        return Connection.of(await queries.my_terminations(info.context.viewer, first=first, after=after),
                             TerminationNode)
