from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.resume import sections
from schema import access, limits, mutation
from schema.errors import Error
from schema.relay import decode_id
from schema.resume.types import ResumeSectionNode


@strawberry.input
class MoveResumeSectionInput:
    id: strawberry.ID
    position: int = limits.number(-limits.SMALL, limits.SMALL, description="新位置，0 为第一条；超出末尾时放到最后")


@strawberry.type
class MoveResumeSectionPayload:
    errors: list[Error]
    resume_section: ResumeSectionNode | None = None
    resume: list[ResumeSectionNode] | None = strawberry.field(default=None, description="调整后的全部条目")


@strawberry.type
class Mutation:
    @access.mutation("调整简历条目的顺序", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.TOO_LONG])
    async def move_resume_section(self, info: Info, input: MoveResumeSectionInput) -> MoveResumeSectionPayload:
        async def action():
            section_id = decode_id(input.id, "ResumeSection")
            rows = await sections.move(info.context, section_id, input.position)
            nodes = [ResumeSectionNode.from_row(r) for r in rows]
            return {"resume_section": next(n for n in nodes if n._row.id == section_id), "resume": nodes}

        return await mutation.run(info, MoveResumeSectionPayload, action, input=input)
