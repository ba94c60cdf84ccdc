from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.notices.types import NoticeKind, NoticeNode
from schema.relay import decode_id


@strawberry.input(description="修改通知：只修改填写的字段；院系、学历层次填 null 表示不限")
class UpdateNoticeInput:
    id: strawberry.ID
    kind: NoticeKind | None = strawberry.field(default=strawberry.UNSET)
    title: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    body: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=strawberry.UNSET)
    department_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET)
    education_level: str | None = limits.text(limits.CODE, default=strawberry.UNSET)


@strawberry.type
class UpdateNoticePayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "修改通知的类别、标题、正文或发布范围",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.REQUIRED
        ],
    )
    async def update_notice(self, info: Info, input: UpdateNoticeInput) -> UpdateNoticePayload:
        async def action():
            given = {}
            if input.kind:
                given["kind"] = input.kind.value
            for name in ("title", "body"):
                if getattr(input, name) not in (strawberry.UNSET, None):
                    given[name] = getattr(input, name)
            if input.department_id is not strawberry.UNSET:
                given["department_id"] = decode_id(input.department_id, "Department", "departmentId") \
                    if input.department_id else None
            if input.education_level is not strawberry.UNSET:
                given["education_level"] = input.education_level or None
            row = await manage.update(info.context, decode_id(input.id, NoticeNode), given)
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, UpdateNoticePayload, action, input=input)
