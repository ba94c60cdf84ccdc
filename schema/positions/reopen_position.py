from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import manage
from schema import access, limits, mutation
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
    @access.mutation("重新开放已关闭的职位", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def reopen_position(self, info: Info, input: ReopenPositionInput) -> ReopenPositionPayload:
        async def action():
            row = await manage.reopen(info.context, decode_id(input.id, "Position"), input.deadline)
            return {"position": PositionNode.from_row(row)}

        return await mutation.run(info, ReopenPositionPayload, action, input=input)
