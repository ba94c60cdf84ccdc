from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.positions import manage
from schema import limits, mutation
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
    @strawberry.mutation(description="关闭职位：不再接受投递，毕业生不再看到")
    async def close_position(self, info: Info, input: ClosePositionInput) -> ClosePositionPayload:
        async def action():
            row = await manage.close(info.context, decode_id(input.id, "Position"), input.reason)
            return {"position": PositionNode.from_row(row)}

        return await mutation.run(info, ClosePositionPayload, action, input=input)
