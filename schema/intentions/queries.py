from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.intentions import manage, queries
from schema import access
from schema.intentions.types import JobIntentionsType
from schema.positions.types import PositionNode
from schema.relay import Connection


@strawberry.type
class Query:
    @access.query("我的求职意向（毕业生）；未填写时为 null", roles=access.GRADUATE, errors=[])
    async def my_job_intentions(self, info: Info) -> JobIntentionsType | None:
        return JobIntentionsType.of(await manage.mine(info.context))

    @access.query("求职意向职位：符合我的求职意向、正在招聘的职位（毕业生），最新发布的在前",
                  roles=access.GRADUATE, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_matching_positions(self, info: Info, first: int | None = None,
                                    after: str | None = None) -> Connection[PositionNode]:
        page = await queries.matching_positions(info.context.viewer, first=first, after=after)
        return Connection.of(page, PositionNode)
