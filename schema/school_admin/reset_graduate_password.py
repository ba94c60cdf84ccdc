from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import reset_graduate_password
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id

# B4, choice: the platform keeps only password hashes, so no teacher can look a graduate's password up (the
# provincial system's "查询初始密码" has no counterpart here); the console shows this after every reset.
RESET_MESSAGE = ("已为该毕业生设置新的初始密码。平台只保存密码的哈希值，老师无法查询毕业生的密码，只能重置；"
                 "请将新的初始密码当面或通过学校的渠道告知本人。毕业生首次登录须修改密码，原有登录已全部失效。")


@strawberry.input(description="为本校毕业生设置新的初始密码")
class ResetGraduatePasswordInput:
    graduate_id: strawberry.ID
    new_initial_password: str = limits.text(limits.PASSWORD,
        description="至少 8 位，须同时包含字母和数字；毕业生首次登录须修改")


@strawberry.type
class ResetGraduatePasswordPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None
    message: str | None = strawberry.field(default=None, description="重置成功后控制台显示的说明")


@strawberry.type
class Mutation:
    @access.mutation("学校管理员重置本校毕业生的密码为新的初始密码（B4）；原有登录全部失效。"
                     "密码只存哈希值，老师无法查询毕业生的初始密码，忘记密码时只能重置", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG,
                             ErrorCode.WEAK_PASSWORD])
    async def reset_graduate_password(self, info: Info, input: ResetGraduatePasswordInput
                                      ) -> ResetGraduatePasswordPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, GraduateNode, field="graduateId")
            return {"graduate": GraduateNode.from_row(
                await reset_graduate_password(info.context, graduate_id, input.new_initial_password)),
                "message": RESET_MESSAGE}

        return await mutation.run(info, ResetGraduatePasswordPayload, action, input=input)
