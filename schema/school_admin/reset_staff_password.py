from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import reset_staff_password
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import StaffNode
from schema.relay import decode_id


@strawberry.input(description="为本校院系老师设置新的初始密码")
class ResetStaffPasswordInput:
    staff_id: strawberry.ID
    new_initial_password: str = limits.text(limits.PASSWORD,
        description="至少 8 位，须同时包含字母和数字；首次登录须修改")


@strawberry.type
class ResetStaffPasswordPayload:
    errors: list[Error]
    staff: StaffNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员重置本校院系老师的密码为新的初始密码；原有登录全部失效", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG,
                             ErrorCode.WEAK_PASSWORD])
    async def reset_staff_password(self, info: Info, input: ResetStaffPasswordInput) -> ResetStaffPasswordPayload:
        async def action():
            staff_id = decode_id(input.staff_id, StaffNode, field="staffId")
            return {"staff": StaffNode.from_row(
                await reset_staff_password(info.context, staff_id, input.new_initial_password))}

        return await mutation.run(info, ResetStaffPasswordPayload, action, input=input)
