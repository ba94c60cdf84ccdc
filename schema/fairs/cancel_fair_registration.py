from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import registrations
from schema import access, mutation
from schema.errors import Error
from schema.fairs.types import FairRegistrationNode, JobFairNode
from schema.relay import decode_id


@strawberry.input
class CancelFairRegistrationInput:
    fair_id: strawberry.ID


@strawberry.type
class CancelFairRegistrationPayload:
    errors: list[Error]
    registration: FairRegistrationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("取消本人的招聘会报名（招聘会开始前），名额释放", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE, ErrorCode.FAIR_STARTED])
    async def cancel_fair_registration(self, info: Info,
                                       input: CancelFairRegistrationInput) -> CancelFairRegistrationPayload:
        async def action():
            row = await registrations.cancel(info.context, decode_id(input.fair_id, JobFairNode, "fairId"))
            return {"registration": FairRegistrationNode.from_row(row)}

        return await mutation.run(info, CancelFairRegistrationPayload, action, input=input)
