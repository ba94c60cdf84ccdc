from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from notifications.plan import CHANNELS
from resolvers.errors import ErrorCode
from resolvers.notifications import preferences
from schema import access, limits, mutation
from schema.errors import Error

NotificationChannel = strawberry.enum(
    Enum("NotificationChannel", {c.upper(): c for c in CHANNELS}), name="NotificationChannel",
    description="通知渠道：WECHAT_SUBSCRIBE 小程序订阅消息、WECHAT_TEMPLATE 公众号模板消息、SMS 短信、EMAIL 邮件")


@strawberry.type(name="NotificationPreference", description="某类通知经某渠道是否发送；站内通知总会收到")
class NotificationPreferenceType:
    kind: str = strawberry.field(description="事件类型，如 invitation.received")
    channel: NotificationChannel
    enabled: bool = strawberry.field(description="事件发生时经此渠道发送")
    fallback: bool = strawberry.field(description="未开启时，仍在其他渠道永久失败后作为备用渠道发送（默认如此）")
    is_default: bool = strawberry.field(description="未自行设置，按平台默认")
    critical: bool = strawberry.field(description="关键通知（签约邀请、审核结果、解约结果）：至少保留一个渠道")

    @classmethod
    def of(cls, p: preferences.Preference) -> NotificationPreferenceType:
        return cls(kind=p.kind.value, channel=NotificationChannel(p.channel), enabled=p.enabled,
                   fallback=not p.chosen and p.default == "fallback", is_default=not p.chosen, critical=p.critical)


@strawberry.input
class NotificationPreferenceInput:
    kind: str = limits.text(limits.TITLE, description="事件类型，如 invitation.received")
    channel: NotificationChannel
    enabled: bool


@strawberry.input
class UpdateNotificationPreferencesInput:
    preferences: list[NotificationPreferenceInput] = limits.text(limits.TITLE, max_items=limits.SMALL // 10,
                                                                 description="要修改的项，最多 100 项")


@strawberry.type
class UpdateNotificationPreferencesPayload:
    errors: list[Error]
    preferences: list[NotificationPreferenceType] | None = None


@strawberry.type
class Query:
    @access.query("我的通知渠道设置：每类通知可经哪些渠道发送、是否开启", roles=access.SIGNED_IN)
    async def my_notification_preferences(self, info: Info) -> list[NotificationPreferenceType]:
        return [NotificationPreferenceType.of(p) for p in await preferences.mine(info.context)]


@strawberry.type
class Mutation:
    @access.mutation("修改我的通知渠道设置；关键通知不能全部关闭", roles=access.SIGNED_IN,
                     errors=[ErrorCode.CRITICAL_NOTIFICATION_REQUIRED, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_INPUT, ErrorCode.TOO_LONG])
    async def update_notification_preferences(self, info: Info, input: UpdateNotificationPreferencesInput
                                              ) -> UpdateNotificationPreferencesPayload:
        async def action():
            changes = [(p.kind, p.channel.value, p.enabled) for p in input.preferences]
            rows = await preferences.update(info.context, changes)
            return {"preferences": [NotificationPreferenceType.of(p) for p in rows]}

        return await mutation.run(info, UpdateNotificationPreferencesPayload, action, input=input)
