from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import clear_graduate_lockout
from schema import access, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class ClearGraduateLockoutInput:
    graduate_id: strawberry.ID


@strawberry.type
class ClearGraduateLockoutPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("解除本校毕业生因多次验证失败而被锁定的微信绑定与密码登录（学校管理员）",
                     roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.RATE_LIMITED])
    async def clear_graduate_lockout(self, info: Info, input: ClearGraduateLockoutInput) -> ClearGraduateLockoutPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, "Graduate", "graduateId")
            return {"graduate": GraduateNode.from_row(await clear_graduate_lockout(info.context, graduate_id))}

        return await mutation.run(info, ClearGraduateLockoutPayload, action, input=input)
