"""The official account's message push URL (`/wechat/official-account`), plaintext mode.

WeChat proves a push is its own with `signature` = SHA1 of the configured token, `timestamp` and `nonce`,
sorted and concatenated; GET with `echostr` is the one-time URL check. We act on follow and unfollow events only
and answer "success" to everything else, as WeChat asks. Encrypted ("safe") mode is not supported: configure
the account in plaintext or compatible mode.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import xml.etree.ElementTree as ET

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from notifications import official_account
from notifications.channels.base import DeliveryError
from server.settings import get_settings

log = logging.getLogger(__name__)
MAX_PUSH_BYTES = 64 * 1024


def _genuine(request: Request) -> bool:
    token = get_settings().wechat_oa_token
    q = request.query_params
    if not token or not q.get("signature"):
        return False
    expected = hashlib.sha1("".join(sorted([token, q.get("timestamp", ""), q.get("nonce", "")])).encode()).hexdigest()
    return hmac.compare_digest(expected, q["signature"])


async def push(request: Request) -> Response:
    if not _genuine(request):
        return PlainTextResponse("forbidden", status_code=403)
    if request.method == "GET":
        return PlainTextResponse(request.query_params.get("echostr", ""))
    body = await request.body()
    if len(body) > MAX_PUSH_BYTES or b"<!DOCTYPE" in body.upper():
        return PlainTextResponse("bad request", status_code=400)
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return PlainTextResponse("bad request", status_code=400)
    event = (root.findtext("Event") or "").lower() if root.findtext("MsgType") == "event" else ""
    openid = root.findtext("FromUserName") or ""
    if openid and event == "subscribe":
        try:
            await official_account.followed(official_account.official_account_app(get_settings()), openid)
        except DeliveryError as e:
            # WeChat pushes again when it gets no success: the follow is recorded on a later try.
            log.warning("official account follow not recorded: %s", e.code)
            return PlainTextResponse("retry", status_code=503)
    elif openid and event == "unsubscribe":
        await official_account.unfollowed(openid)
    return PlainTextResponse("success")
