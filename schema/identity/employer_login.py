from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import employer_login
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import EmployerNode


@strawberry.input
class EmployerLoginInput:
    login_name: str = limits.text(limits.LOGIN_NAME)
    password: str = limits.text(limits.PASSWORD)


@strawberry.type
class EmployerLoginPayload:
    errors: list[Error]
    token: str | None = None
    employer: EmployerNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("用人单位账号密码登录", roles=access.ANYONE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_FORMAT,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG])
    async def employer_login(self, info: Info, input: EmployerLoginInput) -> EmployerLoginPayload:
        async def action():
            employer, token = await employer_login(info.context, input.login_name, input.password)
            return {"token": token, "employer": EmployerNode.from_row(employer)}

        return await mutation.run(info, EmployerLoginPayload, action, input=input, atomic=False)
