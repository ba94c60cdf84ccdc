from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import review
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.destinations.inputs import DETAILS_ERRORS, DestinationDetailsInput, raw
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class CorrectDestinationInput:
    id: strawberry.ID
    type: str = limits.text(limits.CODE, description="毕业去向代码（两位）")
    sub_type: str | None = limits.text(limits.CODE, default=None, description="具体去向代码")
    details: DestinationDetailsInput | None = None


@strawberry.type
class CorrectDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "审核老师在本级审核时直接修改去向类型及内容，留痕并通知毕业生（R4、X3）",
        roles=access.SCHOOL_STAFF,
        errors=[
            *DETAILS_ERRORS,
            ErrorCode.INVALID_STATE,
            ErrorCode.PERMISSION_DENIED,
        ],
    )
    async def correct_destination(self, info: Info, input: CorrectDestinationInput) -> CorrectDestinationPayload:
        async def action():
            destination = await review.correct(
                info.context, decode_id(input.id, DestinationNode), input.type, input.sub_type, raw(input.details)
            )
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, CorrectDestinationPayload, action, input=input)
