from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import set_staff_active
from schema import access, mutation
from schema.errors import Error
from schema.people.types import StaffNode
from schema.relay import decode_id


@strawberry.input(description="停用或启用本校院系老师账号")
class SetStaffActiveInput:
    staff_id: strawberry.ID
    active: bool = strawberry.field(description="false：停用（不能登录，已签发的令牌失效）；true：重新启用")


@strawberry.type
class SetStaffActivePayload:
    errors: list[Error]
    staff: StaffNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员停用或重新启用本校院系老师账号；不能停用自己", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.LOGIN_NAME_TAKEN, ErrorCode.NOT_FOUND,
                             ErrorCode.STALE_STATE])
    async def set_staff_active(self, info: Info, input: SetStaffActiveInput) -> SetStaffActivePayload:
        async def action():
            staff_id = decode_id(input.staff_id, StaffNode, field="staffId")
            return {"staff": StaffNode.from_row(await set_staff_active(info.context, staff_id, input.active))}

        return await mutation.run(info, SetStaffActivePayload, action, input=input)
