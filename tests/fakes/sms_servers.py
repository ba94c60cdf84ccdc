"""Local stand-ins for Alibaba Cloud's and Tencent Cloud's `SendSms`, each a real HTTP server on 127.0.0.1.

Both check the request's signature with the configured secret, computed here from the providers' documented
algorithms (not with the client's code), and refuse a wrongly signed request as the real APIs do: Aliyun with
HTTP 400 `SignatureDoesNotMatch`, Tencent with HTTP 200 and `Response.Error.Code` `AuthFailure.SignatureFailure`.
Both limit each number per window (`windows`, configurable: providers' defaults differ by account), refuse
invalid numbers (`invalid` holds well-formed numbers that do not exist) and fail on demand: `fail_next("500",
"system", "timeout")`. Their refusals quote the number, as real answers sometimes do, so a test can show that the
number goes no further.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import re
import socket
import threading
import time
import uuid
from collections import defaultdict

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.settings import get_settings

KEY_ID = "LTAI-test-key"
SECRET = "test-secret-of-the-sms-account"
SDK_APP_ID = "1400000001"
SIGN_NAME = "网签平台"
MOBILE = re.compile(r"1[3-9]\d{9}")
_UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


class FakeSms:
    """What both fakes share: per-number windows, invalid numbers, failures on demand, what was sent."""

    def __init__(self) -> None:
        self.base_url = ""
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        self.generation += 1  # a request of an earlier test still in flight (a timeout) records nothing here
        self.windows: list[tuple[int, float, str]] = []  # (messages, seconds, the provider's code)
        self.invalid: set[str] = set()
        self.failures: list[str] = []
        self.delay = 3.0
        self.sent: list[dict] = []
        self.refused: list[str] = []  # codes of refused requests
        self.history: dict[str, list[float]] = defaultdict(list)

    def fail_next(self, *modes: str) -> None:
        self.failures.extend(modes)

    def limit(self, number: str) -> str | None:
        now = time.monotonic()
        for count, seconds, code in self.windows:
            if sum(1 for t in self.history[number] if now - t < seconds) >= count:
                return code
        self.history[number].append(now)
        return None

    async def failure(self) -> str | None:
        """The failure asked for, if any. "timeout" answers late but still sends, as a real provider may."""
        if not self.failures:
            return None
        mode = self.failures.pop(0)
        if mode == "timeout":
            generation = self.generation
            await asyncio.sleep(self.delay)
            if generation != self.generation:
                return "stale"
        return mode


def _rfc3986(text: str) -> str:
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode())


class FakeAliyun(FakeSms):
    """dysmsapi `SendSms`, RPC style, HMAC-SHA1 signature version 1.0, parameters in the form body or query."""

    def reset(self) -> None:
        super().reset()
        self.windows = [(1, 60, "isv.BUSINESS_LIMIT_CONTROL"), (5, 3600, "isv.BUSINESS_LIMIT_CONTROL"),
                        (10, 86400, "isv.BUSINESS_LIMIT_CONTROL")]
        self.nonces: set[str] = set()

    def _refuse(self, status: int, code: str, message: str) -> Response:
        self.refused.append(code)
        return JSONResponse({"RequestId": uuid.uuid4().hex.upper(), "Code": code, "Message": message},
                            status_code=status)

    async def handle(self, request: Request) -> Response:
        params = dict(request.query_params)
        params.update(dict(await request.form()))
        signature = params.pop("Signature", "")
        if params.get("AccessKeyId") != KEY_ID:
            return self._refuse(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            return self._refuse(400, "IncompleteSignature", "The request signature does not conform to standards.")
        canonical = "&".join(f"{_rfc3986(k)}={_rfc3986(v)}" for k, v in sorted(params.items()))
        string_to_sign = f"{request.method}&%2F&{_rfc3986(canonical)}"
        expected = base64.b64encode(hmac.new((SECRET + "&").encode(), string_to_sign.encode(),
                                             hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(expected, signature):
            return self._refuse(400, "SignatureDoesNotMatch",
                                f"Specified signature is not matched with our calculation. server string to "
                                f"sign is:{string_to_sign}")
        try:
            stamp = dt.datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            return self._refuse(400, "InvalidTimeStamp.Format", "Specified time stamp is not valid.")
        if abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) > 15 * 60:
            return self._refuse(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        if params.get("SignatureNonce", "") in self.nonces or not params.get("SignatureNonce"):
            return self._refuse(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        self.nonces.add(params["SignatureNonce"])
        if (params.get("Action"), params.get("Version")) != ("SendSms", "2017-05-25"):
            return self._refuse(400, "InvalidAction.NotFound", "Specified api is not found.")
        mode = await self.failure()
        if mode == "stale":
            return Response(status_code=504)
        if mode == "500":
            return self._refuse(500, "InternalError", "The request processing has failed due to some unknown error.")
        if mode == "system":
            return self._refuse(200, "isp.SYSTEM_ERROR", "系统错误")
        number = params.get("PhoneNumbers", "")
        if not MOBILE.fullmatch(number) or number in self.invalid:
            return self._refuse(200, "isv.MOBILE_NUMBER_ILLEGAL", f"非法手机号 {number}")
        if params.get("SignName") != SIGN_NAME:
            return self._refuse(200, "isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        if not params.get("TemplateCode", "").startswith("SMS_"):
            return self._refuse(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            values = None
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            return self._refuse(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        code = self.limit(number)
        if code:
            return self._refuse(200, code, f"触发号码天级流控Permits:1 {number}")
        biz_id = f"{len(self.sent) + 900000}^{uuid.uuid4().int % 10**10}"
        self.sent.append({"phone": number, "template": params["TemplateCode"], "params": values,
                          "reference": params.get("OutId"), "id": biz_id})
        return JSONResponse({"RequestId": uuid.uuid4().hex.upper(), "Code": "OK", "Message": "OK", "BizId": biz_id})


class FakeTencent(FakeSms):
    """sms.tencentcloudapi.com `SendSms`, API 3.0 (2021-01-11), TC3-HMAC-SHA256."""

    def reset(self) -> None:
        super().reset()
        self.windows = [(1, 30, "LimitExceeded.PhoneNumberThirtySecondLimit"),
                        (5, 3600, "LimitExceeded.PhoneNumberOneHourLimit"),
                        (10, 86400, "LimitExceeded.PhoneNumberDailyLimit")]

    def _error(self, code: str, message: str) -> Response:
        self.refused.append(code)
        return JSONResponse({"Response": {"Error": {"Code": code, "Message": message},
                                          "RequestId": str(uuid.uuid4())}})

    def _expected(self, request: Request, body: bytes, date: str, signed: list[str]) -> str:
        headers = "".join(f"{name}:{request.headers.get(name, '').strip().lower()}\n" for name in signed)
        canonical = f"POST\n/\n\n{headers}\n{';'.join(signed)}\n{hashlib.sha256(body).hexdigest()}"
        scope = f"{date}/sms/tc3_request"
        to_sign = (f"TC3-HMAC-SHA256\n{request.headers.get('x-tc-timestamp')}\n{scope}\n"
                   f"{hashlib.sha256(canonical.encode()).hexdigest()}")
        key = ("TC3" + SECRET).encode()
        for part in (date, "sms", "tc3_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        match = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
                             r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
                             request.headers.get("authorization", ""))
        if not match:
            return self._error("AuthFailure.InvalidAuthorization", "Authorization is not in the TC3 format.")
        secret_id, date, signed, signature = match.groups()
        if secret_id != KEY_ID:
            return self._error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        try:
            stamp = int(request.headers.get("x-tc-timestamp", ""))
        except ValueError:
            return self._error("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is missing.")
        if abs(time.time() - stamp) > 300:
            return self._error("AuthFailure.SignatureExpire", "Signature expired.")
        if date != dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%d") \
                or not {"content-type", "host"} <= set(signed.split(";")) \
                or not hmac.compare_digest(self._expected(request, body, date, signed.split(";")), signature):
            return self._error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
        if (request.headers.get("x-tc-action"), request.headers.get("x-tc-version")) != ("SendSms", "2021-01-11"):
            return self._error("InvalidAction", "The action does not exist.")
        mode = await self.failure()
        if mode == "stale":
            return Response(status_code=504)
        if mode == "500":
            return Response("upstream unavailable", status_code=503)
        if mode == "system":
            return self._error("InternalError.Timeout", "Internal timeout.")
        data = json.loads(body)
        if data.get("SmsSdkAppId") != SDK_APP_ID:
            return self._error("FailedOperation.SmsSdkAppIdVerifyFail", "SdkAppId verification failed.")
        if data.get("SignName") != SIGN_NAME:
            return self._error("FailedOperation.SignatureIncorrectOrUnapproved", "签名未审批或格式错误")
        statuses = []
        for number in data.get("PhoneNumberSet") or []:
            status = {"SerialNo": "", "PhoneNumber": number, "Fee": 0, "SessionContext": data.get("SessionContext"),
                      "IsoCode": "CN"}
            local = number.removeprefix("+86")
            code = None
            if not number.startswith("+86") or not MOBILE.fullmatch(local) or local in self.invalid:
                code, text = "InvalidParameterValue.IncorrectPhoneNumber", f"手机号 {number} 格式错误"
            elif (code := self.limit(local)) is not None:
                text = f"号码 {number} 触发频率限制"
            if code:
                self.refused.append(code)
                statuses.append({**status, "Code": code, "Message": text})
                continue
            serial = f"2640:{uuid.uuid4().int % 10**18}"
            self.sent.append({"phone": local, "template": data.get("TemplateId"),
                              "params": data.get("TemplateParamSet"), "reference": data.get("SessionContext"),
                              "id": serial})
            statuses.append({**status, "SerialNo": serial, "Fee": 1, "Code": "Ok", "Message": "send success"})
        return JSONResponse({"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}})


FAKES = {"aliyun": FakeAliyun(), "tencent": FakeTencent()}
_started = threading.Lock()
_SETTINGS = ("sms_provider", "sms_endpoint", "sms_access_key_id", "sms_access_key_secret", "sms_sign_name",
             "sms_sdk_app_id", "sms_templates", "provider_timeout_seconds")


def _serve(name: str, fake: FakeSms) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = Starlette(routes=[Route("/", fake.handle, methods=["GET", "POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"fake-{name}").start()
    for _ in range(1000):
        if server.started:
            return
        time.sleep(0.01)
    raise RuntimeError(f"fake {name} SMS server did not start")


def template_code(provider: str, kind: str) -> str:
    number = sum(kind.encode()) % 1000
    return f"SMS_46{number:04d}" if provider == "aliyun" else f"1{number:05d}"


@contextlib.contextmanager
def fake_sms(provider: str, timeout: float = 1.0, secret: str = SECRET):
    """Points the SMS settings at the local `provider` ("aliyun" | "tencent") for one test; `secret` is what our
    side signs with (another value: wrongly signed requests)."""
    from resolvers.outbox import EventKind

    fake = FAKES[provider]
    with _started:
        if not fake.base_url:
            _serve(provider, fake)
    settings = get_settings()
    saved = {name: getattr(settings, name) for name in _SETTINGS}
    templates = {kind.value: template_code(provider, kind.value) for kind in EventKind}
    for name, value in zip(_SETTINGS, (provider, fake.base_url, KEY_ID, secret, SIGN_NAME, SDK_APP_ID, templates,
                                       timeout), strict=True):
        setattr(settings, name, value)
    fake.reset()
    try:
        yield fake
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)
