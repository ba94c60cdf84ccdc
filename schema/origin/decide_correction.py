from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.corrections import decide_correction
from schema import access, limits, mutation
from schema.errors import Error
from schema.origin.types import CorrectionRequestNode
from schema.relay import decode_id


@strawberry.input
class DecideCorrectionInput:
    id: strawberry.ID
    accept: bool
    reason: str | None = limits.text(limits.REASON, multiline=True, default=None, description="处理意见；不采纳时必填")


@strawberry.type
class DecideCorrectionPayload:
    errors: list[Error]
    correction_request: CorrectionRequestNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("院系审核人或学校管理员采纳或不采纳纠错申请；采纳即修改毕业生信息并通知本人（O2）",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.CORRECTION_PENDING, ErrorCode.FIELD_NOT_CORRECTABLE,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REASON_REQUIRED, ErrorCode.STALE_STATE,
                             ErrorCode.TOO_LONG])
    async def decide_correction(self, info: Info, input: DecideCorrectionInput) -> DecideCorrectionPayload:
        async def action():
            row = await decide_correction(info.context, decode_id(input.id, CorrectionRequestNode), input.accept,
                                          input.reason)
            return {"correction_request": CorrectionRequestNode.from_row(row)}

        return await mutation.run(info, DecideCorrectionPayload, action, input=input)
