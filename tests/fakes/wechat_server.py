"""A local stand-in for api.weixin.qq.com, following its documented contract (REFERENCE.md §WeChat).

`GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code` answers, like WeChat, JSON with a
text/plain content type: `{openid, session_key, unionid?}` or `{errcode, errmsg}`. Codes, per test:
"bad" -> 40029 · "busy" -> -1 once, then a session · "busy-always" -> -1 · "limit" -> 45011 ·
any other code -> a session for `openids[code]` (default "o-<code>"). Each code works once, as on WeChat.

Messages (two apps: the mini-program APPID and the official account OA_APPID, each with its own tokens):
- `GET /cgi-bin/token` issues a new token each time; `POST /cgi-bin/stable_token` returns the valid one unless
  `force_refresh`. A new token retires the previous one after `overlap` seconds; `expire_tokens()` (42001) and
  `invalidate_tokens()` (40001) end them early.
- `POST /cgi-bin/message/subscribe/send`: one message per consent (`consent(openid, template)`), else 43101;
  values checked against their keyword type's limit (47003), template ids (40037), openids (40003), page (41030);
  `daily_quota` per template (45009) and `minute_quota` per app (45011).
- `POST /cgi-bin/message/template/send` (official account): to followers only (43004), values of at most 20
  characters without newlines (47003), `client_msg_id` sends once.
- `GET /cgi-bin/user/info` (official account): the follower's unionid.
- `fail_next(*modes)`: the next message calls answer "500", "busy" (-1) or "timeout" (no answer in time).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
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
OA_APPID = "wx-test-oa-appid"
OA_SECRET = "wx-test-oa-secret"
OA_TOKEN = "oa-push-token"
PAGES = {"pages/notifications/index"}
# Characters allowed per keyword type, as WeChat's documentation lists them.
LIMITS = {"thing": 20, "name": 10, "phrase": 5, "character_string": 32, "number": 32, "phone_number": 17}
TIME = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$")
OK = {"errcode": 0, "errmsg": "ok"}


def template_id(kind: str) -> str:
    return "tmpl-" + kind.replace(".", "-")


class FakeWechat:
    def __init__(self) -> None:
        self.openids: dict[str, str] = {}
        self.calls: Counter[str] = Counter()
        self.used: set[str] = set()
        self.base_url = ""
        self.reset()

    def reset(self) -> None:
        self.openids.clear()
        self.calls.clear()
        self.used.clear()
        self.secrets = {APPID: SECRET, OA_APPID: OA_SECRET}
        self.tokens: dict[str, tuple[str, float]] = {}  # appid -> current token, its expiry (monotonic)
        self.retired: dict[str, tuple[str, float]] = {}  # appid -> previous token, valid until
        self.overlap = 300.0
        self.issued = 0
        self.token_requests: Counter[str] = Counter()  # "token", "stable", "stable-force"
        self.credits: Counter[tuple[str, str]] = Counter()
        self.templates = set()  # empty: any template id starting with "tmpl-"
        self.followers: dict[str, str] = {}  # official-account openid -> unionid
        self.daily_quota: int | None = None
        self.minute_quota: int | None = None
        self.per_template: Counter[str] = Counter()
        self.per_minute = 0
        self.failures: list[str] = []
        self.delay = 3.0  # "timeout": longer than the tests' provider timeout
        self.sent: list[dict] = []
        self.msg_ids: dict[str, int] = {}  # client_msg_id -> msgid

    def consent(self, openid: str, template: str, times: int = 1) -> None:
        self.credits[(openid, template)] += times

    def fail_next(self, *modes: str) -> None:
        self.failures.extend(modes)

    def expire_tokens(self) -> None:
        for appid, (token, _) in list(self.tokens.items()):
            self.tokens[appid] = (token, time.monotonic() - 1)
        self.retired.clear()

    def invalidate_tokens(self) -> None:
        self.tokens.clear()
        self.retired.clear()

    def _issue(self, appid: str) -> dict:
        now = time.monotonic()
        if appid in self.tokens:
            self.retired[appid] = (self.tokens[appid][0], now + self.overlap)
        self.issued += 1
        self.tokens[appid] = (f"token-{appid}-{self.issued}", now + 7200)
        return {"access_token": self.tokens[appid][0], "expires_in": 7200}

    def _check_app(self, appid: str, secret: str) -> dict | None:
        if appid not in self.secrets:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        if secret != self.secrets[appid]:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        return None

    async def token(self, request: Request) -> Response:
        q = request.query_params
        self.token_requests["token"] += 1
        answer = self._check_app(q.get("appid", ""), q.get("secret", "")) or self._issue(q["appid"])
        return Response(json.dumps(answer), media_type="application/json")

    async def stable_token(self, request: Request) -> Response:
        body = json.loads(await request.body())
        force = bool(body.get("force_refresh"))
        self.token_requests["stable-force" if force else "stable"] += 1
        appid = body.get("appid", "")
        answer = self._check_app(appid, body.get("secret", ""))
        if answer is None:
            current = self.tokens.get(appid)
            if current and current[1] > time.monotonic() and not force:
                answer = {"access_token": current[0], "expires_in": int(current[1] - time.monotonic())}
            else:
                answer = self._issue(appid)
        return Response(json.dumps(answer), media_type="application/json")

    def _token_error(self, token: str) -> tuple[str | None, dict | None]:
        now = time.monotonic()
        for appid, (current, until) in self.tokens.items():
            if token == current:
                return (appid, None) if until > now else (None, {"errcode": 42001, "errmsg": "access_token expired"})
        for appid, (previous, until) in self.retired.items():
            if token == previous and until > now:
                return appid, None
        return None, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}

    async def _failure(self) -> Response | None:
        if not self.failures:
            return None
        mode = self.failures.pop(0)
        if mode == "timeout":
            await asyncio.sleep(self.delay)
            return Response(json.dumps(OK), media_type="application/json")
        if mode == "500":
            return Response("<html>502 Bad Gateway</html>", status_code=502)
        return Response(json.dumps({"errcode": -1, "errmsg": "system error"}), media_type="application/json")

    async def subscribe_send(self, request: Request) -> Response:
        failed = await self._failure()
        if failed is not None:
            return failed
        return Response(json.dumps(self._subscribe(request.query_params.get("access_token", ""),
                                                   json.loads(await request.body()))),
                        media_type="application/json")

    def _quota(self, template: str) -> dict | None:
        if self.minute_quota is not None and self.per_minute >= self.minute_quota:
            return {"errcode": 45011, "errmsg": "api minute-quota reach limit"}
        if self.daily_quota is not None and self.per_template[template] >= self.daily_quota:
            return {"errcode": 45009, "errmsg": "reach max api daily quota limit"}
        return None

    def _subscribe(self, token: str, body: dict) -> dict:
        appid, error = self._token_error(token)
        if error:
            return error
        if appid != APPID:
            return {"errcode": 40001, "errmsg": "invalid credential for this api"}
        template, openid = body.get("template_id", ""), body.get("touser", "")
        if not template.startswith("tmpl-") or (self.templates and template not in self.templates):
            return {"errcode": 40037, "errmsg": "invalid template_id"}
        if not openid.startswith("o-"):
            return {"errcode": 40003, "errmsg": "invalid openid"}
        if body.get("page") not in PAGES:
            return {"errcode": 41030, "errmsg": "invalid page"}
        for key, item in (body.get("data") or {}).items():
            value, kind = str(item.get("value", "")), key.rstrip("0123456789")
            if (kind in ("time", "date") and not TIME.match(value)) or len(value) > LIMITS.get(kind, 20) \
                    or (kind == "phrase" and not re.fullmatch(r"[\u4e00-\u9fff]+", value)) or not value:
                return {"errcode": 47003, "errmsg": f"argument invalid! data.{key}.value invalid"}
        if self.credits[(openid, template)] <= 0:
            return {"errcode": 43101, "errmsg": "user refuse to accept the msg"}
        quota = self._quota(template)
        if quota:
            return quota
        self.credits[(openid, template)] -= 1
        self.per_template[template] += 1
        self.per_minute += 1
        self.sent.append({"api": "subscribe", **body})
        return {**OK, "msgid": 1000 + len(self.sent)}

    async def template_send(self, request: Request) -> Response:
        failed = await self._failure()
        if failed is not None:
            return failed
        body = json.loads(await request.body())
        appid, error = self._token_error(request.query_params.get("access_token", ""))
        answer: dict
        if error:
            answer = error
        elif appid != OA_APPID:
            answer = {"errcode": 40001, "errmsg": "invalid credential for this api"}
        elif not str(body.get("template_id", "")).startswith("tmpl-"):
            answer = {"errcode": 40037, "errmsg": "invalid template_id"}
        elif body.get("touser") not in self.followers:
            answer = {"errcode": 43004, "errmsg": "require subscribe"}
        elif any(len(str(i.get("value", ""))) > 20 or "\n" in str(i.get("value", ""))
                 for i in (body.get("data") or {}).values()):
            answer = {"errcode": 47003, "errmsg": "argument invalid! data value invalid"}
        elif (client_msg_id := body.get("client_msg_id")) and client_msg_id in self.msg_ids:
            answer = {**OK, "msgid": self.msg_ids[client_msg_id]}  # de-duplicated: not sent again
        else:
            answer = self._quota(str(body["template_id"])) or {**OK, "msgid": 5000 + len(self.sent)}
            if answer["errcode"] == 0:
                self.per_template[str(body["template_id"])] += 1
                self.per_minute += 1
                self.sent.append({"api": "template", **body})
                if client_msg_id:
                    self.msg_ids[client_msg_id] = answer["msgid"]
        return Response(json.dumps(answer), media_type="application/json")

    async def user_info(self, request: Request) -> Response:
        appid, error = self._token_error(request.query_params.get("access_token", ""))
        openid = request.query_params.get("openid", "")
        if error is None and appid != OA_APPID:
            error = {"errcode": 40001, "errmsg": "invalid credential for this api"}
        if error is None and openid not in self.followers:
            error = {"errcode": 40003, "errmsg": "invalid openid"}
        answer = error or {"subscribe": 1, "openid": openid, "unionid": self.followers[openid],
                           "subscribe_time": int(time.time())}
        return Response(json.dumps(answer), media_type="application/json")

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
    app = Starlette(routes=[
        Route("/sns/jscode2session", _fake.jscode2session),
        Route("/cgi-bin/token", _fake.token),
        Route("/cgi-bin/stable_token", _fake.stable_token, methods=["POST"]),
        Route("/cgi-bin/message/subscribe/send", _fake.subscribe_send, methods=["POST"]),
        Route("/cgi-bin/message/template/send", _fake.template_send, methods=["POST"]),
        Route("/cgi-bin/user/info", _fake.user_info),
    ])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    _fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="fake-wechat").start()
    for _ in range(1000):
        if server.started:
            return
        time.sleep(0.01)
    raise RuntimeError("fake WeChat server did not start")


_SETTINGS = ("wechat_api_base", "wechat_appid", "wechat_secret", "wechat_oa_appid", "wechat_oa_secret",
             "wechat_oa_token", "wechat_subscribe_templates", "wechat_oa_templates", "provider_timeout_seconds")


@contextlib.contextmanager
def fake_wechat(timeout: float = 1.0):
    """Points the WeChat settings (both apps, a template per event kind) at the local server for one test, with
    `timeout` seconds for each call, then restores them."""
    from resolvers.outbox import EventKind

    with _started:
        if not _fake.base_url:
            _serve()
    settings = get_settings()
    saved = {name: getattr(settings, name) for name in _SETTINGS}
    templates = {kind.value: template_id(kind.value) for kind in EventKind}
    for name, value in zip(_SETTINGS, (_fake.base_url, APPID, SECRET, OA_APPID, OA_SECRET, OA_TOKEN, templates,
                                       dict(templates), timeout), strict=True):
        setattr(settings, name, value)
    _fake.reset()
    _forget_tokens(settings)
    try:
        yield _fake
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)
        _forget_tokens(settings)


def _forget_tokens(settings) -> None:
    """A fresh fake knows none of the tokens an earlier test cached, here or in Redis."""
    from notifications.channels.wechat_api import forget_local_tokens

    forget_local_tokens()
    if settings.redis_url:
        import redis

        with redis.from_url(settings.redis_url) as r:
            for key in r.scan_iter(f"{settings.redis_prefix}wechat:token:*"):
                r.delete(key)


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: WeChat unreachable."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"
