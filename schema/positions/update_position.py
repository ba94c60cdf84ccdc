from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.positions.types import PositionNode
from schema.relay import decode_id

# Omitted fields keep their value; only the optional ones (salaries, deadline) may be cleared with null.
_FIELDS = ("title", "category", "location_code", "location_name", "salary_min", "salary_max", "headcount",
           "deadline", "description")
_CLEARABLE = frozenset({"salary_min", "salary_max", "deadline"})


@strawberry.input(description="修改职位：只修改填写的字段；薪资与截止日期填 null 表示清除")
class UpdatePositionInput:
    id: strawberry.ID
    title: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    category: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    location_code: str | None = limits.text(limits.CODE, default=strawberry.UNSET)
    location_name: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    salary_min: int | None = limits.number(-limits.SALARY, limits.SALARY, default=strawberry.UNSET)
    salary_max: int | None = limits.number(-limits.SALARY, limits.SALARY, default=strawberry.UNSET)
    headcount: int | None = limits.number(-limits.HEADCOUNT, limits.HEADCOUNT, default=strawberry.UNSET)
    deadline: dt.date | None = limits.days(limits.YEAR, limits.YEAR, default=strawberry.UNSET)
    description: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=strawberry.UNSET)


def _given(input: UpdatePositionInput) -> dict:
    given = {}
    for name in _FIELDS:
        value = getattr(input, name)
        if value is strawberry.UNSET or (value is None and name not in _CLEARABLE):
            continue
        given[name] = value
    return given


@strawberry.type
class UpdatePositionPayload:
    errors: list[Error]
    position: PositionNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("修改本单位的职位", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_REGION, ErrorCode.INVALID_CODE, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def update_position(self, info: Info, input: UpdatePositionInput) -> UpdatePositionPayload:
        async def action():
            position_id = decode_id(input.id, "Position")
            row = await manage.update(info.context, position_id, _given(input))
            return {"position": PositionNode.from_row(row)}

        return await mutation.run(info, UpdatePositionPayload, action, input=input)
