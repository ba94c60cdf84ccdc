from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.termination.unlock import unlock_graduate
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class UnlockGraduateInput:
    graduate_id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True)


@strawberry.type
class UnlockGraduatePayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员解锁毕业生：毕业去向改回待就业，仍有效的协议作废（T5）", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REASON_REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def unlock_graduate(self, info: Info, input: UnlockGraduateInput) -> UnlockGraduatePayload:
        async def action():
            graduate = await unlock_graduate(info.context, decode_id(input.graduate_id, GraduateNode, "graduateId"),
                                             input.reason)
            return {"graduate": GraduateNode.from_row(graduate)}

        return await mutation.run(info, UnlockGraduatePayload, action, input=input)
