from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import manage
from schema import access, mutation
from schema.errors import Error
from schema.notices.types import NoticeNode
from schema.relay import decode_id


@strawberry.input
class SetNoticePinnedInput:
    id: strawberry.ID
    pinned: bool


@strawberry.type
class SetNoticePinnedPayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "置顶或取消置顶已发布的通知",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE
        ],
    )
    async def set_notice_pinned(self, info: Info, input: SetNoticePinnedInput) -> SetNoticePinnedPayload:
        async def action():
            row = await manage.set_pinned(info.context, decode_id(input.id, NoticeNode), input.pinned)
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, SetNoticePinnedPayload, action, input=input)
