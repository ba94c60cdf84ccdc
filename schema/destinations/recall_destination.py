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
class RecallDestinationInput:
    id: strawberry.ID


@strawberry.type
class RecallDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "撤回修改：审核前毕业生撤回已提交的去向登记，可修改后重新提交",
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
    async def recall_destination(self, info: Info, input: RecallDestinationInput) -> RecallDestinationPayload:
        async def action():
            destination = await records.recall(info.context, decode_id(input.id, DestinationNode))
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, RecallDestinationPayload, action, input=input)
