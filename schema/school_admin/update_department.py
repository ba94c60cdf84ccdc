from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.org import update_department
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import DepartmentNode
from schema.relay import decode_id


@strawberry.input(description="修改本校院系；只修改给出的项")
class UpdateDepartmentInput:
    id: strawberry.ID
    code: str | None = limits.text(limits.CODE, default=None, description="院系代码：1 至 16 位字母或数字，本校内唯一")
    name: str | None = limits.text(limits.LINE, default=None, description="院系名称，本校内唯一")


@strawberry.type
class UpdateDepartmentPayload:
    errors: list[Error]
    department: DepartmentNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员修改本校院系的代码或名称", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.DUPLICATE_CODE, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG])
    async def update_department(self, info: Info, input: UpdateDepartmentInput) -> UpdateDepartmentPayload:
        async def action():
            department_id = decode_id(input.id, DepartmentNode)
            return {"department": DepartmentNode.from_row(
                await update_department(info.context, department_id, input.code, input.name))}

        return await mutation.run(info, UpdateDepartmentPayload, action, input=input)
