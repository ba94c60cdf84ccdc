from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.termination.withdraw import withdraw_termination
from schema import access, mutation
from schema.errors import Error
from schema.relay import decode_id
from schema.termination.types import TerminationNode


@strawberry.input
class WithdrawTerminationInput:
    id: strawberry.ID


@strawberry.type
class WithdrawTerminationPayload:
    errors: list[Error]
    termination: TerminationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生撤回待审核的解约申请", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.STALE_STATE])
    async def withdraw_termination(self, info: Info, input: WithdrawTerminationInput) -> WithdrawTerminationPayload:
        async def action():
            termination = await withdraw_termination(info.context, decode_id(input.id, TerminationNode))
            return {"termination": TerminationNode.from_row(termination)}

        return await mutation.run(info, WithdrawTerminationPayload, action, input=input)
