from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.org import update_major
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import MajorNode
from schema.relay import decode_id


@strawberry.input(description="修改本校专业；只修改给出的项")
class UpdateMajorInput:
    id: strawberry.ID
    code: str | None = limits.text(limits.CODE, default=None,
        description="专业代码：1 至 16 位字母或数字，本院系内唯一")
    name: str | None = limits.text(limits.LINE, default=None, description="专业名称，本院系内唯一")


@strawberry.type
class UpdateMajorPayload:
    errors: list[Error]
    major: MajorNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员修改本校专业的代码或名称", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.DUPLICATE_CODE, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG])
    async def update_major(self, info: Info, input: UpdateMajorInput) -> UpdateMajorPayload:
        async def action():
            major_id = decode_id(input.id, MajorNode)
            return {"major": MajorNode.from_row(await update_major(info.context, major_id, input.code, input.name))}

        return await mutation.run(info, UpdateMajorPayload, action, input=input)
