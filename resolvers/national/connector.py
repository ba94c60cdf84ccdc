"""The one way records reach the national destination registration system (全国毕业去向登记系统, issue 12 §6).

Its official API is not public, so we send to a receiver under a contract of our own (a provincial gateway, or an
adapter that speaks to the national system); this is the whole contract:

    POST {WANGQIAN_NATIONAL_URL}/records
    Content-Type: application/json
    Idempotency-Key: <the item's key: the same on every retry of one snapshot, a new one for a new snapshot>
    X-Wangqian-Timestamp: <unix seconds>
    X-Wangqian-Signature: hex(HMAC-SHA256(WANGQIAN_NATIONAL_KEY, "<timestamp>\\n<body bytes>"))

    {"idempotencyKey": "...", "schoolCode": "10363", "studentNumber": "...", "graduationYear": 2026,
     "educationLevel": "31", "record": "origin|contact|destination|archive", "version": 3,
     "fields": {"<key>": "<value in the national code tables>", ...}}

    200 {"status": "accepted", "receipt": "<the receiver's id>"}   held: acknowledged
    4xx {"status": "refused", "reason": "<why, in Chinese>"}        refused for good, shown to the school
    401, 408, 429, 5xx, a timeout or no connection                  not received: retried with the same key

The receiver keeps, per graduate and record, the highest `version` it was sent (a retry of an older version may
arrive after a newer one) and answers a repeated Idempotency-Key with its first answer. A 401 is retried, not a
refusal: it means our key and theirs differ, which the operator fixes, not the graduate.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from server.settings import get_settings


@dataclass(frozen=True)
class Outgoing:
    idempotency_key: str
    school_code: str
    student_number: str
    graduation_year: int
    education_level: str
    record: str
    version: int
    fields: dict[str, str]

    def body(self) -> dict:
        return {"idempotencyKey": self.idempotency_key, "schoolCode": self.school_code,
                "studentNumber": self.student_number, "graduationYear": self.graduation_year,
                "educationLevel": self.education_level, "record": self.record, "version": self.version,
                "fields": self.fields}


class Refused(Exception):
    """The receiver read the record and will not hold it; the reason is the receiver's, shown to the school."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotReceived(Exception):
    """The record may not have arrived: sent again later with the same idempotency key."""


class NationalConnector(Protocol):
    async def send(self, item: Outgoing) -> str:
        """The receiver's receipt once it holds the record; raises Refused or NotReceived."""


def signature(key: str, timestamp: str, body: bytes) -> str:
    return hmac.new(key.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


_RETRIED = {401, 408, 425, 429}


class HttpConnector:
    def __init__(self, url: str, key: str, timeout: float) -> None:
        self._url, self._key, self._timeout = url.rstrip("/"), key, timeout

    async def send(self, item: Outgoing) -> str:
        body = json.dumps(item.body(), ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "Idempotency-Key": item.idempotency_key,
                   "X-Wangqian-Timestamp": timestamp, "X-Wangqian-Signature": signature(self._key, timestamp, body)}
        try:
            async with httpx.AsyncClient(timeout=httpx.Timeout(self._timeout)) as http:
                response = await http.post(f"{self._url}/records", content=body, headers=headers)
        except httpx.TimeoutException as e:
            raise NotReceived("timeout: 全国系统未在时限内应答") from e
        except httpx.HTTPError as e:
            raise NotReceived(f"unreachable: 无法连接全国系统（{type(e).__name__}）") from e
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and answer.get("status") == "accepted":
            return str(answer.get("receipt") or "")[:128]
        if 400 <= response.status_code < 500 and response.status_code not in _RETRIED:
            raise Refused(str(answer.get("reason") or f"全国系统拒收（HTTP {response.status_code}）")[:500])
        raise NotReceived(f"http_{response.status_code}: 全国系统暂不可用")


def configured() -> NationalConnector | None:
    """The connector the settings name; None when the receiver is not configured (items wait, queued)."""
    settings = get_settings()
    if not settings.national_url or not settings.national_key:
        return None
    return HttpConnector(settings.national_url, settings.national_key, settings.national_timeout_seconds)
