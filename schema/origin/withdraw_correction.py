from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.origin.corrections import withdraw_correction
from schema import mutation
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
    @strawberry.mutation(description="毕业生撤回本人待处理的纠错申请")
    async def withdraw_correction(self, info: Info, input: WithdrawCorrectionInput) -> WithdrawCorrectionPayload:
        async def action():
            row = await withdraw_correction(info.context, decode_id(input.id, CorrectionRequestNode))
            return {"correction_request": CorrectionRequestNode.from_row(row)}

        return await mutation.run(info, WithdrawCorrectionPayload, action, input=input)
