from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.identity import unbind_wechat
from resolvers.viewer import Role
from schema import access, mutation
from schema.errors import Error
from schema.people.types import GraduateNode
from schema.relay import decode_id


@strawberry.input
class UnbindWechatInput:
    graduate_id: strawberry.ID | None = strawberry.field(
        default=None, description="学校管理员解除本校毕业生的绑定时填写；毕业生本人解除时不填")


@strawberry.type
class UnbindWechatPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("解除微信绑定：毕业生本人，或本校学校管理员（B2）；原有登录全部失效",
                     roles=(Role.GRADUATE, Role.SCHOOL_ADMIN),
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_BOUND, ErrorCode.NOT_FOUND, ErrorCode.REQUIRED])
    async def unbind_wechat(self, info: Info, input: UnbindWechatInput) -> UnbindWechatPayload:
        async def action():
            graduate_id = decode_id(input.graduate_id, "Graduate", "graduateId") if input.graduate_id else None
            return {"graduate": GraduateNode.from_row(await unbind_wechat(info.context, graduate_id))}

        return await mutation.run(info, UnbindWechatPayload, action, input=input)
