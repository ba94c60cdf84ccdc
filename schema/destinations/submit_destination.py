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
class SubmitDestinationInput:
    id: strawberry.ID


@strawberry.type
class SubmitDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "毕业生提交去向登记，进入院系（或学校）审核；检查证明材料（D1、R2）",
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
            ErrorCode.PROOFS_REQUIRED,
            ErrorCode.HAS_ACTIVE_AGREEMENT,
        ],
    )
    async def submit_destination(self, info: Info, input: SubmitDestinationInput) -> SubmitDestinationPayload:
        async def action():
            destination = await records.submit(info.context, decode_id(input.id, DestinationNode))
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, SubmitDestinationPayload, action, input=input)
