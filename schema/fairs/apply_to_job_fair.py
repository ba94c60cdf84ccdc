from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import applications
from schema import access, limits, mutation
from schema.errors import Error
from schema.fairs.types import FairApplicationNode, JobFairNode
from schema.positions.types import PositionNode
from schema.relay import decode_id


@strawberry.input
class ApplyToJobFairInput:
    fair_id: strawberry.ID
    position_ids: list[strawberry.ID] = strawberry.field(description="携带的本单位招聘中职位，至少一个")
    note: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class ApplyToJobFairPayload:
    errors: list[Error]
    application: FairApplicationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("申请参加已发布的招聘会，选择携带的本单位职位；由主办学校审核", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.TOO_LONG, ErrorCode.REQUIRED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
                             ErrorCode.FAIR_STARTED, ErrorCode.POSITION_CLOSED, ErrorCode.FAIR_ALREADY_APPLIED])
    async def apply_to_job_fair(self, info: Info, input: ApplyToJobFairInput) -> ApplyToJobFairPayload:
        async def action():
            position_ids = [decode_id(p, PositionNode, "positionIds") for p in input.position_ids]
            row = await applications.apply(info.context, decode_id(input.fair_id, JobFairNode, "fairId"),
                                           position_ids, input.note)
            return {"application": FairApplicationNode.from_row(row)}

        return await mutation.run(info, ApplyToJobFairPayload, action, input=input)
