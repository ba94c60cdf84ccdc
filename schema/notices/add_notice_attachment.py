from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import manage
from schema import access, mutation
from schema.errors import Error
from schema.notices.types import NoticeNode
from schema.relay import decode_id


@strawberry.input
class AddNoticeAttachmentInput:
    id: strawberry.ID
    file: Upload = strawberry.field(description="附件：JPEG、PNG 图片或 PDF，最多 9 个")


@strawberry.type
class AddNoticeAttachmentPayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "给通知添加一个附件",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED
        ],
    )
    async def add_notice_attachment(self, info: Info, input: AddNoticeAttachmentInput) -> AddNoticeAttachmentPayload:
        async def action():
            row = await manage.add_attachment(info.context, decode_id(input.id, NoticeNode), input.file)
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, AddNoticeAttachmentPayload, action, input=input)
