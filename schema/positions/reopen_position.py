from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.positions import manage
from schema import limits, mutation
from schema.errors import Error
from schema.positions.types import PositionNode
from schema.relay import decode_id


@strawberry.input
class ReopenPositionInput:
    id: strawberry.ID
    deadline: dt.date | None = limits.days(limits.YEAR, limits.YEAR, default=None,
                                                description="新的截止日期；原截止日期已过时必填")


@strawberry.type
class ReopenPositionPayload:
    errors: list[Error]
    position: PositionNode | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(description="重新开放已关闭的职位")
    async def reopen_position(self, info: Info, input: ReopenPositionInput) -> ReopenPositionPayload:
        async def action():
            row = await manage.reopen(info.context, decode_id(input.id, "Position"), input.deadline)
            return {"position": PositionNode.from_row(row)}

        return await mutation.run(info, ReopenPositionPayload, action, input=input)
