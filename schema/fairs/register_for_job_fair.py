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
class RegisterForJobFairInput:
    fair_id: strawberry.ID


@strawberry.type
class RegisterForJobFairPayload:
    errors: list[Error]
    registration: FairRegistrationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("报名参加本校已发布的招聘会（名额有限，开始后不能报名）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE, ErrorCode.FAIR_FULL, ErrorCode.FAIR_STARTED,
                             ErrorCode.FAIR_ALREADY_REGISTERED])
    async def register_for_job_fair(self, info: Info, input: RegisterForJobFairInput) -> RegisterForJobFairPayload:
        async def action():
            row = await registrations.register(info.context, decode_id(input.fair_id, JobFairNode, "fairId"))
            return {"registration": FairRegistrationNode.from_row(row)}

        return await mutation.run(info, RegisterForJobFairPayload, action, input=input)
