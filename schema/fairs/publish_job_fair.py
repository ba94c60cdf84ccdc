from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import manage
from schema import access, mutation
from schema.errors import Error
from schema.fairs.types import JobFairNode
from schema.relay import decode_id


@strawberry.input
class PublishJobFairInput:
    id: strawberry.ID


@strawberry.type
class PublishJobFairPayload:
    errors: list[Error]
    fair: JobFairNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("发布本校招聘会：本校毕业生可报名，用人单位可申请参会", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE, ErrorCode.FAIR_STARTED])
    async def publish_job_fair(self, info: Info, input: PublishJobFairInput) -> PublishJobFairPayload:
        async def action():
            row = await manage.publish(info.context, decode_id(input.id, JobFairNode))
            return {"fair": JobFairNode.from_row(row)}

        return await mutation.run(info, PublishJobFairPayload, action, input=input)
