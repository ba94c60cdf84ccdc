"""A local stand-in for api.weixin.qq.com's mini-program login, following its documented contract.

`GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code` answers, like WeChat, JSON with a
text/plain content type: `{openid, session_key, unionid?}` or `{errcode, errmsg}`. Codes, per test:
"bad" -> 40029 · "busy" -> -1 once, then a session · "busy-always" -> -1 · "limit" -> 45011 ·
any other code -> a session for `openids[code]` (default "o-<code>"). Each code works once, as on WeChat.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import Counter

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.settings import get_settings

APPID = "wx-test-appid"
SECRET = "wx-test-secret"


class FakeWechat:
    def __init__(self) -> None:
        self.openids: dict[str, str] = {}
        self.calls: Counter[str] = Counter()
        self.used: set[str] = set()
        self.base_url = ""

    def reset(self) -> None:
        self.openids.clear()
        self.calls.clear()
        self.used.clear()

    def answer(self, params) -> dict:
        code = params.get("js_code", "")
        self.calls[code] += 1
        if params.get("appid") != APPID:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if params.get("secret") != SECRET:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        if params.get("grant_type") != "authorization_code":
            return {"errcode": 40002, "errmsg": "invalid grant_type"}
        if code == "bad" or not code:
            return {"errcode": 40029, "errmsg": "invalid code"}
        if code == "limit":
            return {"errcode": 45011, "errmsg": "api minute-quota reach limit, must slower, retry next minute"}
        if code == "busy-always" or (code == "busy" and self.calls[code] == 1):
            return {"errcode": -1, "errmsg": "system error"}
        if code in self.used:
            return {"errcode": 40163, "errmsg": "code been used"}
        self.used.add(code)
        openid = self.openids.get(code, f"o-{code}")
        return {"openid": openid, "session_key": f"sk-{openid}", "unionid": f"u-{openid}"}

    async def jscode2session(self, request: Request) -> Response:
        body = json.dumps(self.answer(request.query_params))
        return Response(body, media_type="text/plain")


_fake = FakeWechat()
_started = threading.Lock()


def _serve() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = Starlette(routes=[Route("/sns/jscode2session", _fake.jscode2session)])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    _fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="fake-wechat").start()
    for _ in range(1000):
        if server.started:
            return
        time.sleep(0.01)
    raise RuntimeError("fake WeChat server did not start")


@contextlib.contextmanager
def fake_wechat():
    """Points the WeChat settings at the local server for one test, then restores them."""
    with _started:
        if not _fake.base_url:
            _serve()
    settings = get_settings()
    saved = (settings.wechat_api_base, settings.wechat_appid, settings.wechat_secret)
    settings.wechat_api_base, settings.wechat_appid, settings.wechat_secret = _fake.base_url, APPID, SECRET
    _fake.reset()
    try:
        yield _fake
    finally:
        settings.wechat_api_base, settings.wechat_appid, settings.wechat_secret = saved


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: WeChat unreachable."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"
