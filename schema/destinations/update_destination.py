from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import records
from resolvers.errors import ErrorCode
from schema import access, limits, mutation
from schema.destinations.inputs import DETAILS_ERRORS, DestinationDetailsInput, raw
from schema.destinations.types import DestinationNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class UpdateDestinationInput:
    id: strawberry.ID
    type: str = limits.text(limits.CODE, description="毕业去向代码（两位）")
    sub_type: str | None = limits.text(limits.CODE, default=None, description="具体去向代码")
    details: DestinationDetailsInput | None = None


@strawberry.type
class UpdateDestinationPayload:
    errors: list[Error]
    destination: DestinationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "修改待提交或被退回的去向登记：毕业生本人或其院系、学校老师（老师修改时通知毕业生，X3）",
        roles=(*access.GRADUATE, *access.SCHOOL_STAFF),
        errors=[
            *DETAILS_ERRORS,
            ErrorCode.DESTINATION_LOCKED,
            ErrorCode.INVALID_STATE,
        ],
    )
    async def update_destination(self, info: Info, input: UpdateDestinationInput) -> UpdateDestinationPayload:
        async def action():
            destination = await records.update(
                info.context, decode_id(input.id, DestinationNode), input.type, input.sub_type, raw(input.details)
            )
            return {"destination": DestinationNode.from_row(destination)}

        return await mutation.run(info, UpdateDestinationPayload, action, input=input)
