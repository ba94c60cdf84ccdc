from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.record import OriginChanges, update_origin_record
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode


@strawberry.input(description="行政区划（到区县）")
class RegionInput:
    code: str = limits.text(limits.CODE, description="6 位行政区划代码，须到区县")
    name: str = limits.text(limits.LINE, description="如「安徽省合肥市蜀山区」")


@strawberry.input(description="毕业生本人可修改的生源信息；只修改给出的字段")
class UpdateOriginRecordInput:
    phone: str | None = limits.text(limits.CODE, default=strawberry.UNSET, description="本人联系电话，必填，不能清空")
    origin_region: RegionInput | None = strawberry.field(
        default=strawberry.UNSET, description="生源所在地；修改后须重新确认生源信息")
    home_address: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    email: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    qq: str | None = limits.text(limits.CODE, default=strawberry.UNSET)


@strawberry.type
class UpdateOriginRecordPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


def _given(value):
    """Left out: None; sent as null: "" (a clearing)."""
    return None if value is strawberry.UNSET else (value if value is not None else "")


@strawberry.type
class Mutation:
    @access.mutation("毕业生修改本人生源信息中可编辑的字段（O1）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.TOO_LONG])
    async def update_origin_record(self, info: Info, input: UpdateOriginRecordInput) -> UpdateOriginRecordPayload:
        region = input.origin_region
        changes = OriginChanges(
            phone=_given(input.phone),
            origin_region_code=region.code if region else None,
            origin_region_name=region.name if region else None,
            region_given=region is not strawberry.UNSET,
            home_address=_given(input.home_address),
            email=_given(input.email),
            qq=_given(input.qq),
        )

        async def action():
            return {"graduate": GraduateNode.from_row(await update_origin_record(info.context, changes))}

        return await mutation.run(info, UpdateOriginRecordPayload, action, input=input)
