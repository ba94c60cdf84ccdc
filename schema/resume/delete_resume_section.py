from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.resume import sections
from schema import access, mutation
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class DeleteResumeSectionInput:
    id: strawberry.ID


@strawberry.type
class DeleteResumeSectionPayload:
    errors: list[Error]
    deleted_id: strawberry.ID | None = strawberry.field(default=None, description="已删除条目的编号")


@strawberry.type
class Mutation:
    @access.mutation("删除本人的简历条目", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND, ErrorCode.REQUIRED])
    async def delete_resume_section(self, info: Info, input: DeleteResumeSectionInput) -> DeleteResumeSectionPayload:
        async def action():
            await sections.delete(info.context, decode_id(input.id, "ResumeSection"))
            return {"deleted_id": input.id}

        return await mutation.run(info, DeleteResumeSectionPayload, action, input=input)
