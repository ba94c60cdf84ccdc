from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.identity import change_password
from schema import limits, mutation
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
    @strawberry.mutation(description="修改本人密码（毕业生、用人单位、工作人员）；首次登录须先修改初始密码")
    async def change_password(self, info: Info, input: ChangePasswordInput) -> ChangePasswordPayload:
        async def action():
            return {"token": await change_password(info.context, input.current_password, input.new_password)}

        return await mutation.run(info, ChangePasswordPayload, action, input=input, atomic=False)
