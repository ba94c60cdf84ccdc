from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.record import confirm_origin_record
from schema import access, mutation
from schema.errors import Error
from schema.people.types import GraduateNode


@strawberry.input
class ConfirmOriginRecordInput:
    confirmed: bool = strawberry.field(description="须为 true：本人已核对生源信息无误")


@strawberry.type
class ConfirmOriginRecordPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生确认生源信息；须已填写本人电话与生源所在地，确认后方可签约（O1、S0）",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT, ErrorCode.REQUIRED])
    async def confirm_origin_record(self, info: Info, input: ConfirmOriginRecordInput) -> ConfirmOriginRecordPayload:
        async def action():
            return {"graduate": GraduateNode.from_row(await confirm_origin_record(info.context, input.confirmed))}

        return await mutation.run(info, ConfirmOriginRecordPayload, action, input=input)
