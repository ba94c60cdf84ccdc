from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.fairs.create_job_fair import ERRORS
from schema.fairs.types import JobFairMode, JobFairNode
from schema.relay import decode_id


@strawberry.input(description="修改招聘会：只修改填写的字段；展位数填 null 表示不限")
class UpdateJobFairInput:
    id: strawberry.ID
    title: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    description: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=strawberry.UNSET)
    mode: JobFairMode | None = strawberry.field(default=strawberry.UNSET)
    place: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    link: str | None = limits.text(limits.URL, default=strawberry.UNSET)
    starts_at: dt.datetime | None = limits.days(limits.YEAR, 2 * limits.YEAR, default=strawberry.UNSET)
    ends_at: dt.datetime | None = limits.days(limits.YEAR, 2 * limits.YEAR, default=strawberry.UNSET)
    capacity: int | None = limits.number(1, manage.CAPACITY_MAX, default=strawberry.UNSET)
    booth_limit: int | None = limits.number(1, manage.BOOTHS_MAX, default=strawberry.UNSET)


@strawberry.type
class UpdateJobFairPayload:
    errors: list[Error]
    fair: JobFairNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("修改本校招聘会（草稿或已发布）；可报名人数不能少于已报名人数",
                     roles=access.SCHOOL_ADMIN,
                     errors=[*ERRORS, ErrorCode.NOT_FOUND, ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE])
    async def update_job_fair(self, info: Info, input: UpdateJobFairInput) -> UpdateJobFairPayload:
        async def action():
            given = {}
            for name in ("title", "description", "place", "link", "starts_at", "ends_at", "capacity"):
                if getattr(input, name) not in (strawberry.UNSET, None):
                    given[name] = getattr(input, name)
            if input.mode:
                given["mode"] = input.mode.value
            if input.booth_limit is not strawberry.UNSET:
                given["booth_limit"] = input.booth_limit
            row = await manage.update(info.context, decode_id(input.id, JobFairNode), given)
            return {"fair": JobFairNode.from_row(row)}

        return await mutation.run(info, UpdateJobFairPayload, action, input=input)
