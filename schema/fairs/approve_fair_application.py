from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import applications
from schema import access, mutation
from schema.errors import Error
from schema.fairs.types import FairApplicationNode
from schema.relay import decode_id


@strawberry.input
class ApproveFairApplicationInput:
    id: strawberry.ID


@strawberry.type
class ApproveFairApplicationPayload:
    errors: list[Error]
    application: FairApplicationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("通过用人单位的参会申请（占用一个展位）；单位会收到通知", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE, ErrorCode.FAIR_BOOTHS_FULL])
    async def approve_fair_application(self, info: Info,
                                       input: ApproveFairApplicationInput) -> ApproveFairApplicationPayload:
        async def action():
            row = await applications.approve(info.context, decode_id(input.id, FairApplicationNode))
            return {"application": FairApplicationNode.from_row(row)}

        return await mutation.run(info, ApproveFairApplicationPayload, action, input=input)
