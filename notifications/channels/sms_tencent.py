"""Tencent Cloud SMS `SendSms` (API 3.0, version 2021-01-11), signed with TC3-HMAC-SHA256.

Signature v3: CanonicalRequest = "POST\\n/\\n\\n" + canonical headers (content-type and host, lower-cased, one a
line) + "\\n" + "content-type;host" + "\\n" + hex(SHA256(body)); StringToSign = "TC3-HMAC-SHA256\\n" + timestamp
+ "\\n" + "<UTC date>/sms/tc3_request" + "\\n" + hex(SHA256(CanonicalRequest)); the key is derived by HMAC-SHA256
chained over "TC3" + secret, the date, the service and "tc3_request". Tencent refuses a timestamp more than five
minutes off.

The answer is HTTP 200 either way: `Response.Error` for the whole request, else one `SendStatusSet` entry per
number with its own `Code` ("Ok" or why not). SessionContext carries the delivery id; like Aliyun, Tencent does
not de-duplicate on it, so a timeout is retryable at the risk of a repeated SMS (see sms_aliyun.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from urllib.parse import urlsplit

import httpx

from notifications.channels.base import Permanent, Retryable
from notifications.channels.sms import scrub
from notifications.channels.wechat_api import seconds_until_next_beijing_day
from server import clock
from server.settings import Settings

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)

ENDPOINT = "https://sms.tencentcloudapi.com"
VERSION = "2021-01-11"
SERVICE = "sms"
CONTENT_TYPE = "application/json; charset=utf-8"

_INVALID_NUMBER = {"InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.PhoneNumberInBlacklist",
                   "FailedOperation.PhoneNumberParseFail", "UnsupportedOperation.UnsupportedRegion"}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int,
                  service: str = SERVICE) -> str:
    date = dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(["POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host",
                           hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, "
            f"Signature={signature}")


class TencentSms:
    name = "tencent"

    def __init__(self, endpoint: str, secret_id: str, secret_key: str, app_id: str, sign_name: str, region: str,
                 timeout: float) -> None:
        self._id, self._key, self._app, self._sign_name, self._region = \
            secret_id, secret_key, app_id, sign_name, region
        self._host = urlsplit(endpoint).netloc.lower()
        self._http = httpx.AsyncClient(base_url=endpoint, timeout=httpx.Timeout(timeout))

    @classmethod
    def from_settings(cls, settings: Settings) -> TencentSms:
        if not (settings.sms_access_key_id and settings.sms_access_key_secret and settings.sms_sdk_app_id
                and settings.sms_sign_name):
            raise ValueError("WANGQIAN_SMS_PROVIDER=tencent 需要 WANGQIAN_SMS_ACCESS_KEY_ID、"
                             "WANGQIAN_SMS_ACCESS_KEY_SECRET、WANGQIAN_SMS_SDK_APP_ID 和 WANGQIAN_SMS_SIGN_NAME")
        return cls(settings.sms_endpoint or ENDPOINT, settings.sms_access_key_id, settings.sms_access_key_secret,
                   settings.sms_sdk_app_id, settings.sms_sign_name, settings.sms_region or "ap-guangzhou",
                   settings.provider_timeout_seconds)

    async def send(self, phone: str, template: str, parameters: list[tuple[str, str]], reference: str) -> str:
        body = json.dumps({
            "PhoneNumberSet": [f"+86{phone}"], "SmsSdkAppId": self._app, "TemplateId": template,
            "SignName": self._sign_name, "TemplateParamSet": [value for _, value in parameters],
            "SessionContext": reference,
        }, ensure_ascii=False).encode()
        timestamp = int(clock.now().timestamp())
        headers = {"Authorization": authorization(self._id, self._key, self._host, body, timestamp),
                   "Content-Type": CONTENT_TYPE, "Host": self._host, "X-TC-Action": "SendSms",
                   "X-TC-Timestamp": str(timestamp), "X-TC-Version": VERSION, "X-TC-Region": self._region}
        try:
            response = await self._http.post("/", content=body, headers=headers)
        except httpx.TimeoutException:
            raise Retryable("timeout", "Tencent SendSms did not answer in time; it may have sent") from None
        except httpx.HTTPError as e:
            raise Retryable("unreachable", f"Tencent SendSms: {type(e).__name__}") from None
        if response.status_code >= 500:
            raise Retryable(f"http_{response.status_code}", "Tencent SendSms")
        try:
            answer = response.json()["Response"]
        except (ValueError, KeyError, TypeError):
            raise Retryable("bad_answer", f"Tencent SendSms: HTTP {response.status_code}") from None
        if answer.get("Error"):
            raise _classify(str(answer["Error"].get("Code", "")), scrub(str(answer["Error"].get("Message", ""))))
        statuses = answer.get("SendStatusSet") or []
        if not statuses:
            raise Retryable("bad_answer", "Tencent SendSms: no status for the number")
        status = statuses[0]
        if status.get("Code") == "Ok":
            return str(status.get("SerialNo") or answer.get("RequestId"))
        raise _classify(str(status.get("Code", "")), scrub(str(status.get("Message", ""))))


def _classify(code: str, message: str) -> Exception:
    if code.startswith("LimitExceeded.") or code == "RequestLimitExceeded":
        if code.endswith("ThirtySecondLimit"):
            wait: float = 30
        elif code.endswith("OneHourLimit"):
            wait = 3600
        elif code.endswith("DailyLimit"):
            wait = seconds_until_next_beijing_day()
        else:
            wait = 60
        return Retryable(code, message, retry_after=wait)
    if code.startswith("InternalError") or code in ("FailedOperation.ServiceUnavailable", "ResourceUnavailable"):
        return Retryable(code, message)
    if code == "FailedOperation.InsufficientBalanceInSmsPackage":
        return Retryable(code, "the SMS package is used up", retry_after=3600)
    if code in _INVALID_NUMBER:
        return Permanent(code, message)
    log.error("Tencent SendSms refused the request: %s %s", code, message)
    return Permanent(code, message)
