from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import change_password
from schema import access, limits, mutation
from schema.errors import Error


@strawberry.input
class ChangePasswordInput:
    current_password: str = limits.text(limits.PASSWORD)
    new_password: str = limits.text(limits.PASSWORD, description="至少 8 位，须同时包含字母和数字，且不同于当前密码")


@strawberry.type
class ChangePasswordPayload:
    errors: list[Error]
    token: str | None = strawberry.field(default=None, description="新的访问令牌；此前签发的令牌全部失效")


@strawberry.type
class Mutation:
    @access.mutation("修改本人密码（毕业生、用人单位、工作人员）；首次登录须先修改初始密码", roles=access.SIGNED_IN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG,
                             ErrorCode.WEAK_PASSWORD])
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        async def action():
            return {"token": await change_password(info.context, input.current_password, input.new_password)}

        return await mutation.run(info, ChangePasswordPayload, action, input=input, atomic=False)
