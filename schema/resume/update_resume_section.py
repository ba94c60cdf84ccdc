from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.resume import sections
from schema import access, limits, mutation
from schema.errors import Error
from schema.relay import decode_id
from schema.resume.types import ResumeSectionKind, ResumeSectionNode


@strawberry.input(description="修改简历条目：只修改填写的字段")
class UpdateResumeSectionInput:
    id: strawberry.ID
    kind: ResumeSectionKind | None = None
    title: str | None = limits.text(limits.LINE, default=None)
    content: str | None = limits.text(limits.LONG_TEXT, multiline=True, default=None)


@strawberry.type
class UpdateResumeSectionPayload:
    errors: list[Error]
    resume_section: ResumeSectionNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("修改本人的简历条目", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REQUIRED, ErrorCode.TOO_LONG])
    async def update_resume_section(self, info: Info, input: UpdateResumeSectionInput) -> UpdateResumeSectionPayload:
        async def action():
            row = await sections.update(info.context, decode_id(input.id, "ResumeSection"),
                                        input.kind.value if input.kind else None, input.title, input.content)
            return {"resume_section": ResumeSectionNode.from_row(row)}

        return await mutation.run(info, UpdateResumeSectionPayload, action, input=input)
