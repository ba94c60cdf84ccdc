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
class DeleteNoticeAttachmentInput:
    id: strawberry.ID
    file_id: strawberry.ID


@strawberry.type
class DeleteNoticeAttachmentPayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "删除通知的一个附件",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG
        ],
    )
    async def delete_notice_attachment(
        self, info: Info, input: DeleteNoticeAttachmentInput
    ) -> DeleteNoticeAttachmentPayload:
        async def action():
            row = await manage.delete_attachment(info.context, decode_id(input.id, NoticeNode),
                                                 decode_id(input.file_id, "StoredFile", "fileId"))
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, DeleteNoticeAttachmentPayload, action, input=input)
