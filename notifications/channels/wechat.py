"""Graduates' WeChat: mini-program subscribe messages and the official account's template messages.

Subscribe messages need a consent per message (wx.requestSubscribeMessage, recorded by recordSubscribeConsents):
a send takes one credit before it calls WeChat and gives it back when WeChat did not deliver (busy, quota, bad
data), so a consent is never spent twice nor lost to an outage. A timeout gives it back too: WeChat may have
delivered, in which case its own count is one lower than ours and a later send meets 43101, which clears our
count for that template; that is the lesser harm than silently dropping a consent.

Template messages go to the official account's openid of a graduate who follows it: found through the unionid
(models/wechat.py). `client_msg_id` is the delivery id, so WeChat drops a repeat of a send we were not told had
succeeded (a timeout, a worker killed after the call).
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import F

from models import Graduate, OfficialAccountFollower, SubscribeCredit
from notifications import templates
from notifications.channels.base import Outgoing, Permanent, Retryable, Suppressed
from notifications.channels.wechat_api import USER_REFUSED, WechatApp
from server.settings import Settings

# Where a tap on the message leads in the mini-program: the graduate's inbox.
INBOX_PAGE = "pages/notifications/index"


def _redis(settings: Settings) -> Any:
    if not settings.redis_url:
        return None
    import redis.asyncio as redis

    return redis.from_url(settings.redis_url, decode_responses=True)


class WechatSubscribeChannel:
    name = "wechat_subscribe"

    def __init__(self, settings: Settings, redis: Any = None) -> None:
        self.app = WechatApp(settings, settings.wechat_appid, settings.wechat_secret, redis)
        self.templates = dict(settings.wechat_subscribe_templates)
        self.state = settings.wechat_miniprogram_state

    @classmethod
    def from_settings(cls, settings: Settings) -> WechatSubscribeChannel:
        return cls(settings, _redis(settings))

    async def send(self, message: Outgoing) -> str:
        template_id = self.templates.get(message.kind.value)
        if message.recipient_kind != "graduate" or not template_id:
            raise Suppressed("no_template", f"{message.kind} is not sent as a subscribe message")
        openid = message.address.get("openid") or await _graduate_field(message.recipient_id, "openid")
        if not openid:
            raise Suppressed("no_openid", "the graduate has not bound WeChat")
        taken = await SubscribeCredit.filter(openid=openid, template_id=template_id, remaining__gt=0) \
            .update(remaining=F("remaining") - 1)
        if not taken:
            raise Suppressed("no_consent", "no subscribe consent left for this template")
        body = {"touser": openid, "template_id": template_id, "page": INBOX_PAGE,
                "data": templates.wechat_subscribe_data(message.kind, message.payload),
                "miniprogram_state": self.state, "lang": "zh_CN"}
        try:
            answer = await self.app.post("/cgi-bin/message/subscribe/send", body)
        except Permanent as e:
            if e.code == str(USER_REFUSED):
                # WeChat holds no consent although we counted one: ours is wrong, start again from nothing.
                await SubscribeCredit.filter(openid=openid, template_id=template_id).update(remaining=0)
            else:
                await _give_back(openid, template_id)
            raise
        except Retryable:
            await _give_back(openid, template_id)
            raise
        return str(answer.get("msgid") or f"subscribe-{message.delivery_id}")


async def _give_back(openid: str, template_id: str) -> None:
    await SubscribeCredit.filter(openid=openid, template_id=template_id).update(remaining=F("remaining") + 1)


async def _graduate_field(graduate_id: int, field: str) -> str | None:
    values = await Graduate.filter(id=graduate_id).values_list(field, flat=True)
    return values[0] if values else None


class WechatTemplateChannel:
    name = "wechat_template"

    def __init__(self, settings: Settings, redis: Any = None) -> None:
        self.configured = bool(settings.wechat_oa_appid and settings.wechat_oa_secret)
        self.app = WechatApp(settings, settings.wechat_oa_appid or "", settings.wechat_oa_secret or "", redis)
        self.templates = dict(settings.wechat_oa_templates)
        self.miniprogram_appid = settings.wechat_appid

    @classmethod
    def from_settings(cls, settings: Settings) -> WechatTemplateChannel:
        return cls(settings, _redis(settings))

    async def send(self, message: Outgoing) -> str:
        template_id = self.templates.get(message.kind.value)
        if not self.configured or message.recipient_kind != "graduate" or not template_id:
            raise Suppressed("no_template", f"{message.kind} is not sent by the official account")
        openid = message.address.get("oa_openid") or await official_account_openid(message.recipient_id)
        if not openid:
            raise Suppressed("not_following", "the graduate does not follow the official account")
        body = {"touser": openid, "template_id": template_id,
                "miniprogram": {"appid": self.miniprogram_appid, "pagepath": INBOX_PAGE},
                "client_msg_id": str(message.delivery_id),
                "data": templates.wechat_official_account_data(message.kind, message.payload)}
        try:
            answer = await self.app.post("/cgi-bin/message/template/send", body)
        except Permanent as e:
            if e.code == "43004":  # unfollowed without us hearing of it
                await OfficialAccountFollower.filter(openid=openid).update(following=False)
            raise
        return str(answer.get("msgid") or f"template-{message.delivery_id}")


async def official_account_openid(graduate_id: int) -> str | None:
    unionid = await _graduate_field(graduate_id, "unionid")
    if not unionid:
        return None
    follower = await OfficialAccountFollower.filter(unionid=unionid, following=True).order_by("-updated_at").first()
    return follower.openid if follower else None
