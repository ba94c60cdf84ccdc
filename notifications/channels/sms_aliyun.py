"""Alibaba Cloud SMS `SendSms` (dysmsapi, version 2017-05-25), RPC style, signature method HMAC-SHA1 v1.0.

The request is signed as the RPC signature mechanism describes: every parameter (common and the action's) sorted
by name, each name and value percent-encoded per RFC 3986 (space %20, `*` %2A, `~` kept), joined with & and =;
StringToSign = "POST" & encode("/") & encode(that string); Signature = base64(HMAC-SHA1(secret + "&",
StringToSign)). A fresh SignatureNonce per request: Aliyun refuses a nonce it has seen.

SendSms is NOT idempotent: OutId (the delivery id) is only echoed in delivery receipts, never used to drop a
repeat. After a timeout the message may or may not have gone out; the channel reports it as Retryable and the
worker may send again, so a graduate can receive the same SMS twice. The alternative (QuerySendDetails before a
resend) needs the number and the send date and is only eventually consistent, so it would narrow the window, not
close it; we accept the rare duplicate over a lost notice and keep the timeout generous
(WANGQIAN_PROVIDER_TIMEOUT_SECONDS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import uuid
from urllib.parse import quote

import httpx

from notifications.channels.base import Permanent, Retryable
from notifications.channels.sms import scrub
from notifications.channels.wechat_api import seconds_until_next_beijing_day
from server import clock
from server.settings import Settings

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)

ENDPOINT = "https://dysmsapi.aliyuncs.com"
VERSION = "2017-05-25"

_RATE_LIMITED = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "Throttling.User", "Throttling",
                 "Throttling.Api", "ServiceUnavailable"}
_INVALID_NUMBER = {"isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT", "isv.BLACK_KEY_CONTROL_LIMIT"}


def percent_encode(value: str) -> str:
    return quote(value, safe="~")


def sign(method: str, params: dict[str, str], secret: str) -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSms:
    name = "aliyun"

    def __init__(self, endpoint: str, key_id: str, secret: str, sign_name: str, region: str, timeout: float) -> None:
        self._key_id, self._secret, self._sign_name, self._region = key_id, secret, sign_name, region
        self._http = httpx.AsyncClient(base_url=endpoint, timeout=httpx.Timeout(timeout))

    @classmethod
    def from_settings(cls, settings: Settings) -> AliyunSms:
        if not (settings.sms_access_key_id and settings.sms_access_key_secret and settings.sms_sign_name):
            raise ValueError("WANGQIAN_SMS_PROVIDER=aliyun 需要 WANGQIAN_SMS_ACCESS_KEY_ID、"
                             "WANGQIAN_SMS_ACCESS_KEY_SECRET 和 WANGQIAN_SMS_SIGN_NAME")
        return cls(settings.sms_endpoint or ENDPOINT, settings.sms_access_key_id, settings.sms_access_key_secret,
                   settings.sms_sign_name, settings.sms_region or "cn-hangzhou", settings.provider_timeout_seconds)

    async def send(self, phone: str, template: str, parameters: list[tuple[str, str]], reference: str) -> str:
        params = {
            "AccessKeyId": self._key_id, "Action": "SendSms", "Format": "JSON", "RegionId": self._region,
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": uuid.uuid4().hex, "SignatureVersion": "1.0",
            "Timestamp": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "Version": VERSION,
            "PhoneNumbers": phone, "SignName": self._sign_name, "TemplateCode": template,
            "TemplateParam": json.dumps(dict(parameters), ensure_ascii=False), "OutId": reference,
        }
        params["Signature"] = sign("POST", params, self._secret)
        try:
            response = await self._http.post("/", data=params)
        except httpx.TimeoutException:
            # Sent or not, we cannot tell (module docstring): the worker may send again.
            raise Retryable("timeout", "Aliyun SendSms did not answer in time; it may have sent") from None
        except httpx.HTTPError as e:
            raise Retryable("unreachable", f"Aliyun SendSms: {type(e).__name__}") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        code = str(answer.get("Code") or "")
        if response.status_code == 200 and code == "OK" and answer.get("BizId"):
            return str(answer["BizId"])
        message = scrub(str(answer.get("Message") or ""))
        if response.status_code >= 500 or code.startswith("isp.") or code in ("InternalError", ""):
            raise Retryable(code or f"http_{response.status_code}", message)
        raise _classify(code, message)


def _classify(code: str, message: str) -> Exception:
    if code in _RATE_LIMITED:
        # The per-number limits run per minute, hour and day; the answer does not say which was hit.
        wait = seconds_until_next_beijing_day() if code == "isv.DAY_LIMIT_CONTROL" else 60
        return Retryable(code, message, retry_after=wait)
    if code == "isv.AMOUNT_NOT_ENOUGH":
        return Retryable(code, "the SMS account is out of credit", retry_after=3600)
    if code in _INVALID_NUMBER:
        return Permanent(code, message, fallback=None)
    # Signature, keys, template, sign name, parameters: our configuration, fixed by a person, then re-queued.
    log.error("Aliyun SendSms refused the request: %s %s", code, message)
    return Permanent(code, message)
