from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.fairs.types import JobFairMode, JobFairNode

ERRORS = [ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
          ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG, ErrorCode.REQUIRED]


@strawberry.input
class CreateJobFairInput:
    title: str = limits.text(limits.LINE)
    description: str = limits.text(limits.LONG_TEXT, multiline=True, default="")
    mode: JobFairMode = strawberry.field(description="线下（填地点）或线上（填 https 会场链接）")
    place: str = limits.text(limits.LINE, default="")
    link: str = limits.text(limits.URL, default="")
    starts_at: dt.datetime = limits.days(limits.YEAR, 2 * limits.YEAR, description="开始时间，须晚于现在")
    ends_at: dt.datetime = limits.days(limits.YEAR, 2 * limits.YEAR, description="结束时间，须晚于开始时间")
    capacity: int = limits.number(1, manage.CAPACITY_MAX, description="可报名的毕业生人数")
    booth_limit: int | None = limits.number(1, manage.BOOTHS_MAX, default=None,
                                            description="展位数（最多通过的参会单位数）；不填为不限")


@strawberry.type
class CreateJobFairPayload:
    errors: list[Error]
    fair: JobFairNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("新建本校的校内招聘会（草稿）", roles=access.SCHOOL_ADMIN, errors=ERRORS)
    async def create_job_fair(self, info: Info, input: CreateJobFairInput) -> CreateJobFairPayload:
        async def action():
            row = await manage.create(info.context, {
                "title": input.title, "description": input.description, "mode": input.mode.value,
                "place": input.place, "link": input.link, "starts_at": input.starts_at, "ends_at": input.ends_at,
                "capacity": input.capacity, "booth_limit": input.booth_limit})
            return {"fair": JobFairNode.from_row(row)}

        return await mutation.run(info, CreateJobFairPayload, action, input=input)
