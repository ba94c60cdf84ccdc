from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.national import view
from schema import access, mutation
from schema.errors import Error
from schema.national.types import NationalRecord


@strawberry.input
class ConfirmNationalRecordInput:
    confirmed: bool = strawberry.field(description="须为 true：本人已核对全国系统中的信息无误")


@strawberry.type
class ConfirmNationalRecordPayload:
    errors: list[Error]
    record: NationalRecord | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生确认全国系统中本人的信息无误（毕业生信息确认）；有待同步或被退回的信息时不能确认",
                     roles=access.GRADUATE, errors=[ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE])
    async def confirm_national_record(self, info: Info, input: ConfirmNationalRecordInput
                                      ) -> ConfirmNationalRecordPayload:
        async def action():
            return {"record": NationalRecord.of(await view.confirm(info.context, input.confirmed))}

        return await mutation.run(info, ConfirmNationalRecordPayload, action, input=input)
