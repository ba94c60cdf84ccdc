from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notifications import subscribe_consents
from schema import access, limits, mutation
from schema.errors import Error

# wx.requestSubscribeMessage asks for at most three templates at a time.
MAX_TEMPLATES = 3


@strawberry.type(description="一种微信订阅消息模板，以及我还可接收的次数（每同意一次可发一条）")
class SubscribeConsent:
    template_id: str = strawberry.field(description="小程序订阅消息模板 ID，用于 wx.requestSubscribeMessage")
    event_kinds: list[str] = strawberry.field(description="用此模板发送的事件类型，如 invitation.received")
    remaining: int = strawberry.field(description="尚可发送的条数；为 0 时应再次请求订阅")

    @classmethod
    def of(cls, consent: subscribe_consents.Consent) -> SubscribeConsent:
        return cls(template_id=consent.template_id, event_kinds=consent.event_kinds, remaining=consent.remaining)


@strawberry.input
class RecordSubscribeConsentsInput:
    template_ids: list[str] = limits.text(  # WeChat's template ids are 43 characters
        limits.TITLE, max_items=MAX_TEMPLATES,
        description="wx.requestSubscribeMessage 返回 accept 的模板 ID（一次最多 3 个）；拒绝的不要上报")


@strawberry.type
class RecordSubscribeConsentsPayload:
    errors: list[Error]
    consents: list[SubscribeConsent] | None = None


@strawberry.type
class Query:
    @access.query("我的微信订阅消息模板及剩余可接收次数", roles=access.GRADUATE)
    async def my_subscribe_consents(self, info: Info) -> list[SubscribeConsent]:
        return [SubscribeConsent.of(c) for c in await subscribe_consents.my_consents(info.context)]


@strawberry.type
class Mutation:
    @access.mutation("上报毕业生在小程序中同意的订阅消息：每同意一次，可向其发送一条该模板的消息",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_CODE, ErrorCode.NOT_BOUND,
                             ErrorCode.TOO_LONG])
    async def record_subscribe_consents(self, info: Info,
                                        input: RecordSubscribeConsentsInput) -> RecordSubscribeConsentsPayload:
        async def action():
            consents = await subscribe_consents.record_consents(info.context, input.template_ids)
            return {"consents": [SubscribeConsent.of(c) for c in consents]}

        return await mutation.run(info, RecordSubscribeConsentsPayload, action, input=input)
