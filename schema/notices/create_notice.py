from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import manage
from schema import access, limits, mutation
from schema.errors import Error
from schema.notices.types import NoticeKind, NoticeNode
from schema.relay import decode_id


@strawberry.input
class CreateNoticeInput:
    kind: NoticeKind = strawberry.field(description="类别：通知公告或就业资讯")
    title: str = limits.text(limits.LINE)
    body: str = limits.text(limits.LONG_TEXT, multiline=True, default="")
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="面向的院系；不填为全校（省厅：全省院校）。院系老师必须填本院系")
    education_level: str | None = limits.text(limits.CODE, default=None,
                                              description="面向的学历层次代码；不填为所有学历层次")


@strawberry.type
class CreateNoticePayload:
    errors: list[Error]
    notice: NoticeNode | None = None


@strawberry.type
class Mutation:
    @access.mutation(
        "写一条通知公告或就业资讯（草稿）：学校管理员面向全校、某院系或某学历层次，院系老师只面向本院系，省厅面向全省院校",
        roles=access.STAFF,
        errors=[
            ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
            ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG,
            ErrorCode.REQUIRED
        ],
    )
    async def create_notice(self, info: Info, input: CreateNoticeInput) -> CreateNoticePayload:
        async def action():
            department_id = decode_id(input.department_id, "Department", "departmentId") \
                if input.department_id else None
            row = await manage.create(info.context, {
                "kind": input.kind.value, "title": input.title, "body": input.body,
                "department_id": department_id, "education_level": input.education_level or None})
            return {"notice": NoticeNode.from_row(row)}

        return await mutation.run(info, CreateNoticePayload, action, input=input)
