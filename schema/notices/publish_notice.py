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
class PublishNoticeInput:
    id: strawberry.ID


@strawberry.type
class PublishNoticePayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "发布通知（草稿或已撤回的）：发给范围内的毕业生，显示为未读",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE
        ],
    )
    async def publish_notice(self, info: Info, input: PublishNoticeInput) -> PublishNoticePayload:
        async def action():
            row = await manage.publish(info.context, decode_id(input.id, NoticeNode))
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, PublishNoticePayload, action, input=input)
