"""WeChat mini-program login (auth.code2Session): the one module that talks to the WeChat API.

Contract (REFERENCE.md §WeChat): `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`
answers `{openid, session_key, unionid?}` or `{errcode, errmsg}`, often with a text/plain content type.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import httpx

from server.settings import get_settings

log = logging.getLogger(__name__)
# httpx logs request URLs at INFO, and this URL carries the app secret.
logging.getLogger("httpx").setLevel(logging.WARNING)

_TIMEOUT = httpx.Timeout(5.0)
BUSY = -1
TOO_FREQUENT = 45011
# Our own configuration is wrong (appid, secret): the graduate can do nothing about it.
_MISCONFIGURED = {40013, 40125, 41002, 41004}


@dataclass(frozen=True)
class WechatIdentity:
    """Who WeChat says the user is. The session_key is deliberately not kept: we never need nor store it."""

    openid: str
    unionid: str | None = None


class WechatLoginRejected(Exception):
    """The login code is invalid, used or expired: the user must reopen the mini-program."""


class WechatUnavailable(Exception):
    """WeChat is busy, rate-limited or unreachable: the user may try again shortly."""


async def code_to_session(code: str) -> WechatIdentity:
    """Exchanges a wx.login code for the openid; a busy answer (-1) is retried once."""
    body = await _jscode2session(code)
    if body.get("errcode") == BUSY:
        body = await _jscode2session(code)
    errcode = body.get("errcode") or 0
    if errcode == 0 and body.get("openid"):
        return WechatIdentity(openid=str(body["openid"]), unionid=body.get("unionid"))
    errmsg = str(body.get("errmsg", ""))[:200]
    if errcode in (BUSY, TOO_FREQUENT):
        log.warning("jscode2session unavailable: %s %s", errcode, errmsg)
        raise WechatUnavailable(errcode)
    if errcode in _MISCONFIGURED or errcode == 0:
        log.error("jscode2session refused our credentials or answered without openid: %s %s", errcode, errmsg)
        raise WechatUnavailable(errcode)
    log.info("jscode2session rejected the code: %s %s", errcode, errmsg)
    raise WechatLoginRejected(errcode)


async def _jscode2session(code: str) -> dict:
    settings = get_settings()
    params = {"appid": settings.wechat_appid, "secret": settings.wechat_secret, "js_code": code,
              "grant_type": "authorization_code"}
    try:
        async with httpx.AsyncClient(base_url=settings.wechat_api_base, timeout=_TIMEOUT) as client:
            response = await client.get("/sns/jscode2session", params=params)
        response.raise_for_status()
        body = json.loads(response.text)
    except (httpx.HTTPError, ValueError) as e:
        log.warning("jscode2session failed: %s", type(e).__name__)
        raise WechatUnavailable(type(e).__name__) from None
    if not isinstance(body, dict):
        raise WechatUnavailable("unexpected body")
    return body
