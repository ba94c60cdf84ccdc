from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.fairs.types import JobFairNode
from schema.relay import decode_id


@strawberry.input
class CancelJobFairInput:
    id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True)


@strawberry.type
class CancelJobFairPayload:
    errors: list[Error]
    fair: JobFairNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("取消本校招聘会（须填原因）：已报名的毕业生和已通过的参会单位都会收到通知",
                     roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID, ErrorCode.TOO_LONG,
                             ErrorCode.NOT_FOUND, ErrorCode.REASON_REQUIRED, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE])
    async def cancel_job_fair(self, info: Info, input: CancelJobFairInput) -> CancelJobFairPayload:
        async def action():
            row = await manage.cancel(info.context, decode_id(input.id, JobFairNode), input.reason)
            return {"fair": JobFairNode.from_row(row)}

        return await mutation.run(info, CancelJobFairPayload, action, input=input)
