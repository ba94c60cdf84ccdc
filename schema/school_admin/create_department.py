from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.org import create_department
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import DepartmentNode


@strawberry.input(description="新建本校院系")
class CreateDepartmentInput:
    code: str = limits.text(limits.CODE, description="院系代码：1 至 16 位字母或数字，本校内唯一")
    name: str = limits.text(limits.LINE, description="院系名称，本校内唯一")


@strawberry.type
class CreateDepartmentPayload:
    errors: list[Error]
    department: DepartmentNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员新建本校院系", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.DUPLICATE_CODE, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG])
    async def create_department(self, info: Info, input: CreateDepartmentInput) -> CreateDepartmentPayload:
        async def action():
            return {"department": DepartmentNode.from_row(
                await create_department(info.context, input.code, input.name))}

        return await mutation.run(info, CreateDepartmentPayload, action, input=input)
