"""One client process of the live benchmark (bench/live.py): many websocket subscriptions to notificationAdded.

Reads one JSON line on stdin: {"url", "protocol", "items": [[graduate_id, token], ...]}. Opens one connection
and one subscription per item, prints "ready <n>" once every subscription is sent, records the receipt time of
every notification (the marker in its body, time.time(), and the notification's createdAt), and on the line
"stop" prints {"received": [[marker, t, created, sequence], ...], "errors": [...]} and exits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import resource
import sys
import time

import websockets

QUERY = "subscription { notificationAdded { sequence body createdAt } }"
MARKER = re.compile(r"〔([a-z0-9-]+)〕")


async def subscriber(url: str, protocol: str, token: str, received: list, errors: list, ready: asyncio.Event,
                     opened: list, total: int, gate: asyncio.Semaphore) -> None:
    try:
        async with gate:
            ws = await websockets.connect(url, subprotocols=[protocol], open_timeout=120, ping_interval=None,
                                          compression=None, max_size=2**20)
            await ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
            ack = json.loads(await asyncio.wait_for(ws.recv(), 120))
            if ack.get("type") != "connection_ack":
                raise RuntimeError(f"not acknowledged: {ack}")
            start = "subscribe" if protocol == "graphql-transport-ws" else "start"
            await ws.send(json.dumps({"type": start, "id": "1", "payload": {"query": QUERY, "variables": {}}}))
        opened.append(1)
        if len(opened) == total:
            ready.set()
        async for raw in ws:
            now = time.time()
            message = json.loads(raw)
            if message.get("type") in ("next", "data"):
                node = (message["payload"].get("data") or {}).get("notificationAdded") or {}
                found = MARKER.search(node.get("body", ""))
                if found:
                    made = dt.datetime.fromisoformat(node["createdAt"]).timestamp() if node.get("createdAt") else None
                    received.append((found.group(1), now, made, node.get("sequence")))
            elif message.get("type") == "ping":
                await ws.send(json.dumps({"type": "pong"}))
    except asyncio.CancelledError:
        raise
    except Exception as e:
        errors.append(f"{type(e).__name__}: {e}"[:200])
        opened.append(1)
        if len(opened) == total:
            ready.set()


async def main() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    order = json.loads(sys.stdin.readline())
    received: list = []
    errors: list = []
    opened: list = []
    ready = asyncio.Event()
    gate = asyncio.Semaphore(50)  # handshakes in flight
    items = order["items"]
    tasks = [asyncio.create_task(subscriber(order["url"], order["protocol"], token, received, errors, ready,
                                            opened, len(items), gate)) for _, token in items]
    await ready.wait()
    print(f"ready {len(items) - len(errors)}", flush=True)
    loop = asyncio.get_running_loop()
    while (line := (await loop.run_in_executor(None, sys.stdin.readline)).strip()) not in ("stop", ""):
        if line == "report":  # what arrived since the last report, then carry on listening
            print(json.dumps({"received": received, "errors": errors[:20], "error_count": len(errors)}), flush=True)
            received.clear()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"received": received, "errors": errors[:20], "error_count": len(errors)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
