"""A local stand-in for the national destination registration system's receiver, a real HTTP server on 127.0.0.1,
speaking the contract of resolvers/national/connector.py (checked here from its description, not with the client's
code).

It checks the HMAC signature (401 when wrong), answers a repeated Idempotency-Key with its first answer (and
counts how often each key was processed: once), keeps per graduate and record the highest version it was sent,
and fails on demand: `fail_next("500", "timeout", "refuse:<reason>")`. A "timeout" answers late but still holds
the record, as a real system may: the retry with the same key must not hold it twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import time
from collections import Counter

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from server.settings import get_settings

KEY = "test-key-shared-with-the-national-receiver"


class FakeNational:
    def __init__(self) -> None:
        self.base_url = ""
        self.lock = threading.Lock()
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        self.generation += 1  # a late answer of an earlier test records nothing here
        self.failures: list[str] = []
        self.delay = 1.5
        self.held: dict[tuple[str, str, str], dict] = {}  # (school, student number, record) -> the latest version
        self.answers: dict[str, tuple[int, dict]] = {}  # idempotency key -> first answer
        self.processed: Counter[str] = Counter()  # idempotency key -> times it was processed (must be 1)
        self.requests = 0
        self.unsigned = 0

    def fail_next(self, *modes: str) -> None:
        self.failures.extend(modes)

    async def handle(self, request: Request) -> JSONResponse:
        body = await request.body()
        timestamp = request.headers.get("x-wangqian-timestamp", "")
        expected = hmac.new(KEY.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()
        with self.lock:
            self.requests += 1
            generation = self.generation
            if not hmac.compare_digest(expected, request.headers.get("x-wangqian-signature", "")):
                self.unsigned += 1
                return JSONResponse({"status": "error", "reason": "签名错误"}, status_code=401)
            key = request.headers.get("idempotency-key", "")
            if key in self.answers:
                status, answer = self.answers[key]
                return JSONResponse(answer, status_code=status)
            mode = self.failures.pop(0) if self.failures else None
        if mode in ("500", "503"):
            return JSONResponse({"status": "error"}, status_code=int(mode))
        if mode == "timeout":
            await asyncio.sleep(self.delay)
        item = json.loads(body)
        with self.lock:
            if generation != self.generation:
                return JSONResponse({"status": "error"}, status_code=503)
            if key in self.answers:  # the retry of a late answer got here first
                status, answer = self.answers[key]
                return JSONResponse(answer, status_code=status)
            self.processed[key] += 1
            if mode and mode.startswith("refuse:"):
                status, answer = 422, {"status": "refused", "reason": mode.removeprefix("refuse:")}
            else:
                where = (item["schoolCode"], item["studentNumber"], item["record"])
                if where not in self.held or self.held[where]["version"] < item["version"]:
                    self.held[where] = {"version": item["version"], "fields": item["fields"]}
                status, answer = 200, {"status": "accepted", "receipt": f"R{len(self.answers) + 1}"}
            self.answers[key] = (status, answer)
        return JSONResponse(answer, status_code=status)


FAKE = FakeNational()
_started = threading.Lock()


def _serve() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = Starlette(routes=[Route("/records", FAKE.handle, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    FAKE.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="fake-national").start()
    for _ in range(1000):
        if server.started:
            return
        time.sleep(0.01)
    raise RuntimeError("fake national receiver did not start")


@contextlib.contextmanager
def fake_national(timeout: float = 0.5, key: str = KEY):
    """Points the national settings at the local receiver for one test; `key` is what our side signs with."""
    with _started:
        if not FAKE.base_url:
            _serve()
    settings = get_settings()
    names = ("national_url", "national_key", "national_timeout_seconds")
    saved = {name: getattr(settings, name) for name in names}
    settings.national_url, settings.national_key, settings.national_timeout_seconds = FAKE.base_url, key, timeout
    FAKE.reset()
    try:
        yield FAKE
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)
