from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import staff_login
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import StaffNode


@strawberry.input
class StaffLoginInput:
    username: str = limits.text(limits.LOGIN_NAME)
    password: str = limits.text(limits.PASSWORD)


@strawberry.type
class StaffLoginPayload:
    errors: list[Error]
    token: str | None = None
    staff: StaffNode | None = None
    password_change_required: bool = False


@strawberry.type
class Mutation:
    @access.mutation("学校、院系、省厅工作人员账号密码登录", roles=access.ANYONE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG])
    async def staff_login(self, info: Info, input: StaffLoginInput) -> StaffLoginPayload:
        async def action():
            staff, token = await staff_login(info.context, input.username, input.password)
            return {"token": token, "staff": StaffNode.from_row(staff),
                    "password_change_required": staff.must_change_password}

        return await mutation.run(info, StaffLoginPayload, action, input=input, atomic=False)
