"""Real `uvicorn` processes serving the app on the test database, for clients that need a socket (a browser, a
fuzzer, a race across processes). Each runs in its own process and event loop, with its own database connections."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
_SERVE = ("import uvicorn\n"
          "from server.app import create_app\n"
          "uvicorn.run(create_app(run_dispatcher=False), host='127.0.0.1', port={port}, log_level='warning')\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, **env: str) -> subprocess.Popen:
    """The app factory as `wangqian serve` runs it (dispatcher included), on this port; `env` overrides."""
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_healthy(client: httpx.AsyncClient, base: str) -> None:
    for _ in range(150):
        try:
            if (await client.get(f"{base}/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"server at {base} did not become healthy")


@contextlib.contextmanager
def live_server(**env: str):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", _SERVE.format(port=port)], cwd=ROOT, env={**os.environ, **env})
    with _healthy(proc, f"http://127.0.0.1:{port}", 30) as base:
        yield base


@contextlib.contextmanager
def _healthy(proc: subprocess.Popen, base: str, seconds: float):
    """Waits until the process answers /healthz, yields its base URL, and stops it afterwards."""
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server at {base} did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def serving(**env: str):
    """start_server on a spare port, healthy; yields (base URL, process) and stops it afterwards."""
    port = free_port()
    proc = start_server(port, **env)
    with _healthy(proc, f"http://127.0.0.1:{port}", 45) as base:
        yield base, proc


class RedisServer:
    """A private redis-server on a spare port, without persistence: killed, it loses every subscription."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
