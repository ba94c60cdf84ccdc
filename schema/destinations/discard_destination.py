from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import records
from resolvers.errors import ErrorCode
from schema import access, mutation
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class DiscardDestinationInput:
    id: strawberry.ID


@strawberry.type
class DiscardDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "删除待提交或被退回的去向登记",
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
    async def discard_destination(self, info: Info, input: DiscardDestinationInput) -> DiscardDestinationPayload:
        async def action():
            destination = await records.discard(info.context, decode_id(input.id, DestinationNode))
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, DiscardDestinationPayload, action, input=input)
