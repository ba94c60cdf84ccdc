from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import records
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class VoidDestinationInput:
    id: strawberry.ID
    reason: str | None = limits.text(limits.REASON, multiline=True, default=None, description="作废原因，可不填")


@strawberry.type
class VoidDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "作废已审核通过的去向，以便网签或登记其他去向；无需审核，留痕且学校可见（D4）",
        roles=access.GRADUATE,
        errors=[
            ErrorCode.INVALID_CHARACTERS,
            ErrorCode.INVALID_FORMAT,
            ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT,
            ErrorCode.NOT_FOUND,
            ErrorCode.STALE_STATE,
            ErrorCode.TOO_LONG,
            ErrorCode.INVALID_STATE,
        ],
    )
    async def void_destination(self, info: Info, input: VoidDestinationInput) -> VoidDestinationPayload:
        async def action():
            destination = await records.void(info.context, decode_id(input.id, DestinationNode), input.reason)
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, VoidDestinationPayload, action, input=input)
