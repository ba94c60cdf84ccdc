"""GraphiQL works on a machine that reaches no CDN: its scripts come from this server (issue 7.10).

Drives a real headless Chromium over the DevTools protocol, with every host name but the server's made
unresolvable, renders the IDE, runs a query and checks that no request left the server's origin.
Needs Debian's chromium (`apt-get install -y chromium`); skipped with that reason where it is absent.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest
import websockets

from server import graphiql
from tests.live_server import live_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium: apt-get install -y chromium")


class DevTools:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.last_id = 0
        self.events: list[dict] = []

    async def call(self, method: str, **params):
        self.last_id += 1
        await self.ws.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.ws.recv())
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message["result"]
            self.events.append(message)

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for(self, expression: str, seconds: float = 30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.2)
        raise AssertionError(f"timed out waiting for {expression}")


def _start_chromium(profile: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-port=0", f"--user-data-dir={profile}",
         # Offline: no host name resolves except the loopback the server listens on.
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("chromium did not start")
        time.sleep(0.1)
    port = port_file.read_text().split()[0]
    for _ in range(50):
        pages = [t for t in httpx.get(f"http://127.0.0.1:{port}/json/list").json() if t["type"] == "page"]
        if pages:
            return proc, pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise RuntimeError("chromium opened no page")


@pytest.fixture(scope="module")
def assets():
    if shutil.which("npm") is None:
        pytest.skip("needs npm to fetch the pinned GraphiQL packages once")
    return graphiql.fetch()


async def test_i7_10_graphiql_renders_and_runs_a_query_without_the_internet(assets):
    # Chromium's helper processes may still write the profile for a moment after it exits.
    with live_server() as base, tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc, ws_url = _start_chromium(Path(profile))
        try:
            async with websockets.connect(ws_url, max_size=None) as ws:
                tools = DevTools(ws)
                await tools.call("Network.enable")
                await tools.call("Runtime.enable")
                await tools.call("Page.navigate", url=f"{base}/graphql")
                await tools.wait_for("!!document.querySelector('.graphiql-query-editor .CodeMirror')")
                await tools.evaluate("document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"
                                     ".setValue('{ codeTable(table: GENDER) { code label } }')")
                await tools.evaluate("document.querySelector('.graphiql-execute-button').click()")
                result = await tools.wait_for(
                    "(document.querySelector('.result-window') || {}).innerText?.includes('label') &&"
                    " document.querySelector('.result-window').innerText")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)  # the browser and its helper processes, one session
            proc.wait(10)
    assert '"code": "1"' in result and '"label": "男"' in result
    requested = {e["params"]["request"]["url"] for e in tools.events if e.get("method") == "Network.requestWillBeSent"}
    assert f"{base}/graphiql-assets/graphiql.min.js" in requested
    assert {url for url in requested if not url.startswith((base, "data:", "blob:"))} == set()
    failed = [e["params"] for e in tools.events if e.get("method") == "Network.loadingFailed"]
    assert failed == []
