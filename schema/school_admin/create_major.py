from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.org import create_major
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import DepartmentNode, MajorNode
from schema.relay import decode_id


@strawberry.input(description="在本校院系下新建专业")
class CreateMajorInput:
    department_id: strawberry.ID
    code: str = limits.text(limits.CODE, description="专业代码：1 至 16 位字母或数字，本院系内唯一")
    name: str = limits.text(limits.LINE, description="专业名称，本院系内唯一")


@strawberry.type
class CreateMajorPayload:
    errors: list[Error]
    major: MajorNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员在本校院系下新建专业", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.DUPLICATE_CODE, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG])
    async def create_major(self, info: Info, input: CreateMajorInput) -> CreateMajorPayload:
        async def action():
            department_id = decode_id(input.department_id, DepartmentNode, field="departmentId")
            return {"major": MajorNode.from_row(
                await create_major(info.context, department_id, input.code, input.name))}

        return await mutation.run(info, CreateMajorPayload, action, input=input)
