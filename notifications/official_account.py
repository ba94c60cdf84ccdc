"""Who follows the official account, as its message push tells us (seed 004 §7: the graduate follows it).

WeChat does not let a server look up a user's official-account openid by unionid. What it does: push a
`subscribe` event (with the official-account openid) to the URL configured for the account, and answer
`cgi-bin/user/info` with the unionid of that openid when the account shares an Open Platform account with the
mini-program. So each follow is recorded with its unionid, each unfollow clears it, and a graduate's messages go
to the follower whose unionid their mini-program login returned (notifications/channels/wechat.py). Followers
from before the push URL was configured are found the same way by walking `cgi-bin/user/get` (not built yet).
"""

from __future__ import annotations

import logging
from typing import Any

from models import OfficialAccountFollower
from notifications.channels.wechat_api import WechatApp
from server.settings import Settings

log = logging.getLogger(__name__)


async def followed(app: WechatApp, openid: str) -> None:
    info = await app.get("/cgi-bin/user/info", {"openid": openid, "lang": "zh_CN"})
    unionid = info.get("unionid") or None
    updated = await OfficialAccountFollower.filter(openid=openid).update(unionid=unionid, following=True)
    if not updated:
        await OfficialAccountFollower.get_or_create(openid=openid,
                                                    defaults={"unionid": unionid, "following": True})
    if unionid is None:
        log.warning("official account follower without unionid: is the account linked to the Open Platform?")


async def unfollowed(openid: str) -> None:
    await OfficialAccountFollower.filter(openid=openid).update(following=False)


_apps: dict[str, WechatApp] = {}


def official_account_app(settings: Settings, redis: Any = None) -> WechatApp:
    """One client per process for the push handler (its token is the one the template channel shares)."""
    key = f"{settings.wechat_api_base}|{settings.wechat_oa_appid}"
    if key not in _apps:
        if redis is None and settings.redis_url:
            import redis.asyncio as aioredis

            redis = aioredis.from_url(settings.redis_url, decode_responses=True)
        _apps[key] = WechatApp(settings, settings.wechat_oa_appid or "", settings.wechat_oa_secret or "", redis)
    return _apps[key]
