"""Calls to WeChat's message APIs with one access token per app shared by every process.

WeChat hands out one valid token per app (a new one retires the old after a short overlap), so processes that
each fetched their own would keep invalidating each other's. The token lives in Redis when REDIS_URL is set
(under WANGQIAN_REDIS_PREFIX), else in this process. On 40001/40014/42001 the caller's token is stale: whoever
first finds the cached token equal to the stale one refreshes it (under a short Redis lock, so two processes do
not both force a refresh and retire each other's fresh token); the others wait for and take the new one. The
call is then retried once.

Errors map onto the channel contract (REFERENCE.md §WeChat): busy, per-minute quota, 5xx and timeouts are
retryable; 45009 (daily quota) waits until the next Beijing day; 43101 (the user refused) is permanent with SMS as
fallback; bad template data, template id, openid or page are permanent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from notifications.channels.base import Permanent, Retryable
from server import clock
from server.settings import Settings

log = logging.getLogger(__name__)
# httpx logs request URLs at INFO, and ours carry the access token.
logging.getLogger("httpx").setLevel(logging.WARNING)

TOKEN_INVALID = {40001, 40014, 42001}
BUSY = -1
MINUTE_QUOTA = 45011
DAILY_QUOTA = 45009
USER_REFUSED = 43101
NOT_FOLLOWING = 43004  # official account: the user no longer follows it
PERMANENT = {47003: "bad template data", 40037: "bad template id", 40003: "bad openid", 41030: "bad page"}
_MISCONFIGURED = {40013, 40125, 41002, 41004, 40164}  # appid, secret, IP whitelist: fix the settings and re-queue
# Seconds before WeChat's expiry that a cached token counts as expired. Kept short: in this last stretch
# stable_token (without force) hands back the same token, so every send of that minute asks for it again.
_EARLY = 60


def seconds_until_next_beijing_day() -> float:
    now = clock.in_platform_zone(clock.now())
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=now.tzinfo)
    return max(1.0, (midnight - now).total_seconds())


@dataclass
class _Token:
    value: str
    expires_at: float  # epoch seconds by the service clock

    @property
    def fresh(self) -> bool:
        return self.expires_at - _EARLY > clock.now().timestamp()


# In-process tokens, shared by every channel instance of this process (the embedded default), and the lock
# (per event loop) that makes one of them refresh while the others wait.
_local: dict[str, _Token] = {}
_local_locks: dict[tuple[int, str], asyncio.Lock] = {}


def _local_lock(appid: str) -> asyncio.Lock:
    key = (id(asyncio.get_running_loop()), appid)
    if key not in _local_locks:
        _local_locks[key] = asyncio.Lock()
    return _local_locks[key]


def forget_local_tokens() -> None:
    """Drops this process's cached tokens (a test that starts a fresh WeChat)."""
    _local.clear()


class TokenStore:
    """The access token of one app (appid), cached in Redis or in this process."""

    def __init__(self, api: httpx.AsyncClient, appid: str, secret: str, redis: Any = None, prefix: str = "") -> None:
        self._api, self._appid, self._secret = api, appid, secret
        self._redis, self._key = redis, f"{prefix}wechat:token:{appid}"

    async def token(self) -> str:
        cached = await self._read()
        if cached is not None and cached.fresh:
            return cached.value
        return await self.refresh(stale=cached.value if cached else None, force=False)

    async def refresh(self, stale: str | None, force: bool = True) -> str:
        """A new token unless someone already replaced `stale` (then theirs)."""
        if self._redis is None:
            async with _local_lock(self._appid):
                return await self._replace(stale, force)
        lock_key, owner = self._key + ":lock", uuid.uuid4().hex
        for _ in range(100):
            if await self._redis.set(lock_key, owner, nx=True, px=10_000):
                try:
                    return await self._replace(stale, force)
                finally:
                    if await self._redis.get(lock_key) == owner:
                        await self._redis.delete(lock_key)
            await asyncio.sleep(0.05)
            cached = await self._read()
            if cached is not None and cached.value != stale and cached.fresh:
                return cached.value
        raise Retryable("token_lock", "another process holds the WeChat token refresh")

    async def _replace(self, stale: str | None, force: bool) -> str:
        cached = await self._read()
        if cached is not None and cached.value != stale and cached.fresh:
            return cached.value
        token = await self._fetch(force=force and stale is not None)
        if self._redis is None:
            _local[self._appid] = token
        else:
            ttl = max(1, int(token.expires_at - clock.now().timestamp()))
            await self._redis.set(self._key, json.dumps({"value": token.value, "expires_at": token.expires_at}),
                                  ex=ttl)
        return token.value

    async def _read(self) -> _Token | None:
        if self._redis is None:
            return _local.get(self._appid)
        raw = await self._redis.get(self._key)
        return _Token(**json.loads(raw)) if raw else None

    async def _fetch(self, force: bool) -> _Token:
        # stable_token: without force_refresh WeChat returns the token still valid, so a process that restarts
        # does not retire the one the others use; with it, a new token (after 40001 and friends).
        body = await _post_json(self._api, "/cgi-bin/stable_token", None, {
            "grant_type": "client_credential", "appid": self._appid, "secret": self._secret,
            "force_refresh": force})
        errcode = body.get("errcode") or 0
        if errcode == 0 and body.get("access_token"):
            expires_in = int(body.get("expires_in") or 7200)
            log.info("WeChat access token for %s refreshed (force=%s)", self._appid, force)
            return _Token(str(body["access_token"]), clock.now().timestamp() + expires_in)
        if errcode in _MISCONFIGURED:
            raise Permanent(str(errcode), "WeChat refused our appid or secret")
        raise Retryable(str(errcode), f"token: {str(body.get('errmsg', ''))[:100]}")


async def _post_json(api: httpx.AsyncClient, path: str, token: str | None, body: dict) -> dict:
    """One POST; transport failures, 5xx and unreadable answers become Retryable."""
    params = {"access_token": token} if token else None
    try:
        response = await api.post(path, params=params, content=json.dumps(body, ensure_ascii=False).encode(),
                                  headers={"Content-Type": "application/json"})
    except httpx.TimeoutException:
        raise Retryable("timeout", f"WeChat {path} did not answer in time") from None
    except httpx.HTTPError as e:
        raise Retryable("unreachable", f"WeChat {path}: {type(e).__name__}") from None
    if response.status_code >= 500:
        raise Retryable(f"http_{response.status_code}", f"WeChat {path}")
    try:
        answer = json.loads(response.text)
    except ValueError:
        raise Retryable("bad_answer", f"WeChat {path}: HTTP {response.status_code}, not JSON") from None
    if not isinstance(answer, dict):
        raise Retryable("bad_answer", f"WeChat {path}: not an object")
    return answer


class WechatApp:
    """One WeChat app (the mini-program, or the official account) and its shared token."""

    def __init__(self, settings: Settings, appid: str, secret: str, redis: Any = None) -> None:
        self.appid = appid
        self._api = httpx.AsyncClient(base_url=settings.wechat_api_base,
                                      timeout=httpx.Timeout(settings.provider_timeout_seconds))
        self.tokens = TokenStore(self._api, appid, secret, redis, settings.redis_prefix)

    async def post(self, path: str, body: dict) -> dict:
        """POSTs with the shared token, refreshed once if WeChat calls it invalid; `errcode` 0 or raises."""
        token = await self.tokens.token()
        answer = await _post_json(self._api, path, token, body)
        if (answer.get("errcode") or 0) in TOKEN_INVALID:
            token = await self.tokens.refresh(stale=token)
            answer = await _post_json(self._api, path, token, body)
        raise_for_errcode(answer)
        return answer

    async def get(self, path: str, params: dict[str, str]) -> dict:
        token = await self.tokens.token()
        answer = await self._get(path, token, params)
        if (answer.get("errcode") or 0) in TOKEN_INVALID:
            answer = await self._get(path, await self.tokens.refresh(stale=token), params)
        raise_for_errcode(answer)
        return answer

    async def _get(self, path: str, token: str, params: dict[str, str]) -> dict:
        try:
            response = await self._api.get(path, params={"access_token": token, **params})
            response.raise_for_status()
            answer = json.loads(response.text)
        except httpx.TimeoutException:
            raise Retryable("timeout", f"WeChat {path} did not answer in time") from None
        except (httpx.HTTPError, ValueError) as e:
            raise Retryable("unreachable", f"WeChat {path}: {type(e).__name__}") from None
        return answer if isinstance(answer, dict) else {"errcode": BUSY}

    async def close(self) -> None:
        await self._api.aclose()


def raise_for_errcode(answer: dict) -> None:
    errcode = answer.get("errcode") or 0
    if errcode == 0:
        return
    try:
        errcode = int(errcode)
    except (TypeError, ValueError):
        raise Retryable("bad_answer", "errcode is not a number") from None
    message = str(answer.get("errmsg", ""))[:200]
    code = str(errcode)
    if errcode in (BUSY, *TOKEN_INVALID):  # a token still refused after one refresh: WeChat is out of step
        raise Retryable(code, message)
    if errcode == MINUTE_QUOTA:
        raise Retryable(code, message, retry_after=60)
    if errcode == DAILY_QUOTA:
        raise Retryable(code, message, retry_after=seconds_until_next_beijing_day())
    if errcode in (USER_REFUSED, NOT_FOLLOWING):
        raise Permanent(code, message, fallback="sms")
    if errcode in PERMANENT or errcode in _MISCONFIGURED:
        raise Permanent(code, message)
    # Anything undocumented: a person should look (the admin re-queues), rather than retrying blindly.
    raise Permanent(code, message)
