from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import applications
from schema import access, limits, mutation
from schema.errors import Error
from schema.fairs.types import FairApplicationNode
from schema.relay import decode_id


@strawberry.input
class RejectFairApplicationInput:
    id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True)


@strawberry.type
class RejectFairApplicationPayload:
    errors: list[Error]
    application: FairApplicationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("不通过用人单位的参会申请（须填理由）；单位会收到通知", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID, ErrorCode.TOO_LONG,
                             ErrorCode.NOT_FOUND, ErrorCode.REASON_REQUIRED, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE])
    async def reject_fair_application(self, info: Info,
                                      input: RejectFairApplicationInput) -> RejectFairApplicationPayload:
        async def action():
            row = await applications.reject(info.context, decode_id(input.id, FairApplicationNode), input.reason)
            return {"application": FairApplicationNode.from_row(row)}

        return await mutation.run(info, RejectFairApplicationPayload, action, input=input)
