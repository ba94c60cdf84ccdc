from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.positions.types import PositionNode
from schema.relay import decode_id


@strawberry.input
class ClosePositionInput:
    id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class ClosePositionPayload:
    errors: list[Error]
    position: PositionNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("关闭职位：不再接受投递，毕业生不再看到", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def close_position(self, info: Info, input: ClosePositionInput) -> ClosePositionPayload:
        async def action():
            row = await manage.close(info.context, decode_id(input.id, "Position"), input.reason)
            return {"position": PositionNode.from_row(row)}

        return await mutation.run(info, ClosePositionPayload, action, input=input)
