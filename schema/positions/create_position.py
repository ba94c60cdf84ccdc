from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.positions.types import PositionNode


@strawberry.input(description="发布职位；薪资为月薪（元），可不填")
class CreatePositionInput:
    title: str = limits.text(limits.LINE)
    location_code: str = limits.text(limits.CODE, description="工作地点区县代码（6 位）")
    location_name: str = limits.text(limits.LINE, description="工作地点名称，如「安徽省合肥市蜀山区」")
    category: str = limits.text(limits.LINE, default="")
    salary_min: int | None = limits.number(-limits.SALARY, limits.SALARY, default=None)
    salary_max: int | None = limits.number(-limits.SALARY, limits.SALARY, default=None)
    headcount: int = limits.number(-limits.HEADCOUNT, limits.HEADCOUNT, default=1)
    deadline: dt.date | None = limits.days(limits.YEAR, limits.YEAR, default=None,
        description="截止日期（含当天），不能早于今天")
    description: str = limits.text(limits.LONG_TEXT, multiline=True, default="")


@strawberry.type
class CreatePositionPayload:
    errors: list[Error]
    position: PositionNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("用人单位发布职位", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_REGION, ErrorCode.INVALID_CODE, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.STALE_STATE,
                             ErrorCode.TOO_LONG])
    async def create_position(self, info: Info, input: CreatePositionInput) -> CreatePositionPayload:
        async def action():
            given = {
                "title": input.title, "category": input.category, "location_code": input.location_code,
                "location_name": input.location_name, "salary_min": input.salary_min,
                "salary_max": input.salary_max, "headcount": input.headcount, "deadline": input.deadline,
                "description": input.description,
            }
            return {"position": PositionNode.from_row(await manage.create(info.context, given))}

        return await mutation.run(info, CreatePositionPayload, action, input=input)
