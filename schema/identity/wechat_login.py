from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import wechat_login
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode


@strawberry.input
class WechatLoginInput:
    code: str = limits.text(limits.TOKEN, description="小程序 wx.login 取得的临时登录凭证")


@strawberry.type
class WechatLoginPayload:
    errors: list[Error]
    bound: bool = strawberry.field(default=False, description="该微信是否已绑定毕业生信息")
    token: str | None = None
    graduate: GraduateNode | None = None
    binding_ticket: str | None = strawberry.field(
        default=None, description="未绑定时返回，约 10 分钟内用于 bindGraduate")


@strawberry.type
class Mutation:
    @access.mutation("毕业生微信小程序登录：已绑定则登录，未绑定则返回绑定凭证", roles=access.ANYONE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REQUIRED, ErrorCode.TOO_LONG, ErrorCode.WECHAT_LOGIN_FAILED,
                             ErrorCode.WECHAT_UNAVAILABLE])
    async def wechat_login(self, info: Info, input: WechatLoginInput) -> WechatLoginPayload:
        async def action():
            result = await wechat_login(info.context, input.code)
            graduate = GraduateNode.from_row(result.graduate) if result.graduate else None
            return {"bound": graduate is not None, "token": result.token, "graduate": graduate,
                    "binding_ticket": result.binding_ticket}

        # Not in a transaction: no database connection is held while WeChat answers.
        return await mutation.run(info, WechatLoginPayload, action, input=input, atomic=False)
