from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import StaffAccountForm, create_staff_account
from schema import access, limits, mutation
from schema.errors import Error
from schema.org.types import DepartmentNode
from schema.people.types import StaffNode
from schema.relay import decode_id


@strawberry.input(description="为本校院系新建院系老师账号")
class CreateStaffAccountInput:
    username: str = limits.text(limits.LINE,
        description="登录名：3 至 64 位字母、数字或 _ . @ -，全平台唯一（不分大小写）")
    name: str = limits.text(limits.LINE, description="姓名")
    department_id: strawberry.ID
    initial_password: str = limits.text(limits.PASSWORD,
        description="初始密码：至少 8 位，须同时包含字母和数字；首次登录须修改")


@strawberry.type
class CreateStaffAccountPayload:
    errors: list[Error]
    staff: StaffNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员为本校院系新建院系老师账号；首次登录须修改初始密码", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.LOGIN_NAME_TAKEN, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def create_staff_account(self, info: Info, input: CreateStaffAccountInput) -> CreateStaffAccountPayload:
        async def action():
            form = StaffAccountForm(
                username=input.username, name=input.name, initial_password=input.initial_password,
                department_id=decode_id(input.department_id, DepartmentNode, field="departmentId"))
            return {"staff": StaffNode.from_row(await create_staff_account(info.context, form))}

        return await mutation.run(info, CreateStaffAccountPayload, action, input=input)
