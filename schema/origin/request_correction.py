from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.corrections import request_correction
from schema import access, limits, mutation
from schema.errors import Error
from schema.origin.types import CorrectableField, CorrectionRequestNode


@strawberry.input
class RequestCorrectionInput:
    field: CorrectableField
    requested_value: str = limits.text(limits.LINE,
        description="正确的值：代码表字段填代码；院系填「院系代码/专业代码」；专业填本院系的专业代码")
    reason: str | None = limits.text(limits.REASON, multiline=True, default=None)


@strawberry.type
class RequestCorrectionPayload:
    errors: list[Error]
    correction_request: CorrectionRequestNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生对学校导入的信息提交纠错申请，每个字段同时只能有一条待处理（O2）", roles=access.GRADUATE,
                     errors=[ErrorCode.CORRECTION_PENDING, ErrorCode.FIELD_NOT_CORRECTABLE,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REASON_REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def request_correction(self, info: Info, input: RequestCorrectionInput) -> RequestCorrectionPayload:
        async def action():
            row = await request_correction(info.context, input.field.value, input.requested_value, input.reason)
            return {"correction_request": CorrectionRequestNode.from_row(row)}

        return await mutation.run(info, RequestCorrectionPayload, action, input=input)
