from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import applications
from schema import access, mutation
from schema.errors import Error
from schema.positions.types import ApplicationNode
from schema.relay import decode_id


@strawberry.input
class ApplyToPositionInput:
    position_id: strawberry.ID


@strawberry.type
class ApplyToPositionPayload:
    errors: list[Error]
    application: ApplicationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生投递简历到职位（S1）", roles=access.GRADUATE,
                     errors=[ErrorCode.ALREADY_APPLIED, ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND,
                             ErrorCode.POSITION_CLOSED])
    async def apply_to_position(self, info: Info, input: ApplyToPositionInput) -> ApplyToPositionPayload:
        async def action():
            position_id = decode_id(input.position_id, "Position", field="positionId")
            row = await applications.apply(info.context, position_id)
            return {"application": ApplicationNode.from_row(row)}

        return await mutation.run(info, ApplyToPositionPayload, action, input=input)
