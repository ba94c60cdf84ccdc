"""The one-time consents a graduate gives in the mini-program (wx.requestSubscribeMessage): one message each.

The mini-program reports the template ids the graduate accepted; each adds one credit for the graduate's
current openid, which the wechat_subscribe channel spends per message (notifications/channels/wechat.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Graduate, SubscribeCredit
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from server.settings import get_settings


@dataclass(frozen=True)
class Consent:
    template_id: str
    event_kinds: list[str]
    remaining: int


def _kinds_by_template() -> dict[str, list[str]]:
    by_template: dict[str, list[str]] = {}
    for kind, template_id in sorted(get_settings().wechat_subscribe_templates.items()):
        by_template.setdefault(template_id, []).append(kind)
    return by_template


async def _openid(ctx: Context) -> str | None:
    values = await Graduate.filter(id=ctx.viewer.id).values_list("openid", flat=True)
    return values[0] if values else None


async def my_consents(ctx: Context) -> list[Consent]:
    """Every configured template with the consents left: the mini-program asks again where none is left."""
    openid = await _openid(ctx)
    left = {c.template_id: c.remaining for c in await SubscribeCredit.filter(openid=openid)} if openid else {}
    return [Consent(t, kinds, left.get(t, 0)) for t, kinds in _kinds_by_template().items()]


async def record_consents(ctx: Context, template_ids: list[str]) -> list[Consent]:
    known = _kinds_by_template()
    for i, template_id in enumerate(template_ids):
        if template_id not in known:
            raise DomainError(ErrorCode.INVALID_CODE, "不是本平台的订阅消息模板", ["templateIds", str(i)])
    openid = await _openid(ctx)
    if not openid:
        raise DomainError(ErrorCode.NOT_BOUND, "请先在小程序中绑定微信")
    # One dialog answers each template once: a repeated id in one report is the same consent.
    for template_id in dict.fromkeys(template_ids):
        if await SubscribeCredit.filter(openid=openid, template_id=template_id).update(remaining=F("remaining") + 1):
            continue
        try:
            async with in_transaction():  # a savepoint: losing the race to create the row leaves ours usable
                await SubscribeCredit.create(openid=openid, template_id=template_id, remaining=1)
        except IntegrityError:
            await SubscribeCredit.filter(openid=openid, template_id=template_id).update(remaining=F("remaining") + 1)
    return await my_consents(ctx)
