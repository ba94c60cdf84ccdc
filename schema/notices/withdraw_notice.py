from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.notices.types import NoticeNode
from schema.relay import decode_id


@strawberry.input
class WithdrawNoticeInput:
    id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class WithdrawNoticePayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "撤回已发布的通知：毕业生不再看到，附件链接不再发出",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE
        ],
    )
    async def withdraw_notice(self, info: Info, input: WithdrawNoticeInput) -> WithdrawNoticePayload:
        async def action():
            row = await manage.withdraw(info.context, decode_id(input.id, NoticeNode), input.reason)
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, WithdrawNoticePayload, action, input=input)
