from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.resume import sections
from schema import access, limits, mutation
from schema.errors import Error
from schema.resume.types import ResumeSectionKind, ResumeSectionNode


@strawberry.input
class AddResumeSectionInput:
    kind: ResumeSectionKind
    title: str = limits.text(limits.LINE)
    content: str = limits.text(limits.LONG_TEXT, multiline=True, default="")


@strawberry.type
class AddResumeSectionPayload:
    errors: list[Error]
    resume_section: ResumeSectionNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("在简历末尾添加一个条目（X2）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.TOO_LONG])
    async def add_resume_section(self, info: Info, input: AddResumeSectionInput) -> AddResumeSectionPayload:
        async def action():
            row = await sections.add(info.context, input.kind.value, input.title, input.content)
            return {"resume_section": ResumeSectionNode.from_row(row)}

        return await mutation.run(info, AddResumeSectionPayload, action, input=input)
