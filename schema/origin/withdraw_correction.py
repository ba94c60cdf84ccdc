from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.corrections import withdraw_correction
from schema import access, mutation
from schema.errors import Error
from schema.origin.types import CorrectionRequestNode
from schema.relay import decode_id


@strawberry.input
class WithdrawCorrectionInput:
    id: strawberry.ID


@strawberry.type
class WithdrawCorrectionPayload:
    errors: list[Error]
    correction_request: CorrectionRequestNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生撤回本人待处理的纠错申请", roles=access.GRADUATE,
                     errors=[ErrorCode.CORRECTION_PENDING, ErrorCode.FIELD_NOT_CORRECTABLE, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE,
                             ErrorCode.NOT_FOUND, ErrorCode.REASON_REQUIRED, ErrorCode.STALE_STATE])
    async def withdraw_correction(self, info: Info, input: WithdrawCorrectionInput) -> WithdrawCorrectionPayload:
        async def action():
            row = await withdraw_correction(info.context, decode_id(input.id, CorrectionRequestNode))
            return {"correction_request": CorrectionRequestNode.from_row(row)}

        return await mutation.run(info, WithdrawCorrectionPayload, action, input=input)
