from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import reset_graduate_password
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input(description="为本校毕业生设置新的初始密码")
class ResetGraduatePasswordInput:
    graduate_id: strawberry.ID
    new_initial_password: str = limits.text(limits.PASSWORD,
        description="至少 8 位，须同时包含字母和数字；毕业生首次登录须修改")


@strawberry.type
class ResetGraduatePasswordPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校管理员重置本校毕业生的密码为新的初始密码（B4）；原有登录全部失效", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG,
                             ErrorCode.WEAK_PASSWORD])
    async def reset_graduate_password(self, info: Info, input: ResetGraduatePasswordInput
                                      ) -> ResetGraduatePasswordPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, GraduateNode, field="graduateId")
            return {"graduate": GraduateNode.from_row(
                await reset_graduate_password(info.context, graduate_id, input.new_initial_password))}

        return await mutation.run(info, ResetGraduatePasswordPayload, action, input=input)
