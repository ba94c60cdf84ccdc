from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import graduate_password_login
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class GraduatePasswordLoginInput:
    school_id: strawberry.ID
    student_number: str = limits.text(limits.STUDENT_NUMBER)
    password: str = limits.text(limits.PASSWORD)


@strawberry.type
class GraduatePasswordLoginPayload:
    errors: list[Error]
    token: str | None = None
    graduate: GraduateNode | None = None
    password_change_required: bool = strawberry.field(
        default=False, description="初始密码登录：须先 changePassword，其他操作均被拒绝（B4）")


@strawberry.type
class Mutation:
    @access.mutation("毕业生学号密码登录（B4）", roles=access.ANYONE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_ID, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG])
    async def graduate_password_login(self, info: Info, input: GraduatePasswordLoginInput
                                      ) -> GraduatePasswordLoginPayload:
        async def action():
            school_id = decode_id(input.school_id, "School", "schoolId")
            graduate, token = await graduate_password_login(info.context, school_id, input.student_number,
                                                            input.password)
            return {"token": token, "graduate": GraduateNode.from_row(graduate),
                    "password_change_required": graduate.must_change_password}

        return await mutation.run(info, GraduatePasswordLoginPayload, action, input=input, atomic=False)
