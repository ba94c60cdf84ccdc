"""Issue 8.3: the bus under failure, against real server processes of this module's own (no other server's
dispatcher may publish these events elsewhere): a Redis restart loses nothing, a slow subscriber is cut off."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
import websockets

from resolvers.paging import cursor_of
from tests.inbox_streams import ADDED, PROTOCOLS, inbox_sequences, received, record_changes, until_rows
from tests.live_server import RedisServer, live_server, serving
from tests.ws_client import LEGACY_WS, TRANSPORT_WS, subscribe


async def test_i8_3_a_redis_restart_loses_nothing_for_a_client_with_a_cursor(world):
    redis_server = RedisServer().start()
    env = {"REDIS_URL": redis_server.url}
    try:
        # Events are raised here and published by the first process; the second only listens.
        with serving(**env), live_server(**env) as listener:
            async with subscribe(listener, world.tokens["alice"], ADDED) as stream:
                await record_changes(world.alice, 1, reason="重启前")
                before = await received(stream, 1)
                redis_server.kill()  # Redis dies with every subscription it had
                await record_changes(world.alice, 2, reason="停机中")
                await until_rows(world.alice, 3)
                await stream.nothing(1.0)
                redis_server.start()
                during = await received(stream, 2, wait=30)  # the listener reconnected and replayed
                # A client that reconnects with its cursor gets the same, and nothing twice.
                async with subscribe(listener, world.tokens["alice"], ADDED, {"after": before[0]["cursor"]},
                                     protocol=LEGACY_WS) as resumed:
                    assert await received(resumed, 2) == during
                    await record_changes(world.alice, 1, reason="恢复后")
                    after = await received(stream, 1, wait=30)
                    assert await received(resumed, 1, wait=30) == after
                await stream.nothing(1.0)
    finally:
        redis_server.kill()
    sequences = [n["sequence"] for n in before + during + after]
    assert sequences == await inbox_sequences(world.alice)


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_i8_3_a_subscriber_that_stops_reading_is_cut_off_and_memory_stays_flat(world, protocol):
    # Long bodies, so the replays below are far more than the socket buffers between server and client hold.
    await record_changes(world.alice, 30, reason="积压" * 1000)
    with serving(WANGQIAN_SUBSCRIBER_QUEUE="4") as (base, proc):
        rows = await until_rows(world.alice, 30)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a client that stops reading fills it fast
        sock.connect(("127.0.0.1", int(base.rsplit(":", 1)[1])))
        url = base.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(url, sock=sock, subprotocols=[protocol], max_queue=1,
                                      compression=None) as ws:
            await ws.send(json.dumps({"type": "connection_init",
                                      "payload": {"Authorization": f"Bearer {world.tokens['alice']}"}}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
            start = "subscribe" if protocol == TRANSPORT_WS else "start"
            query = ADDED.replace("title", "title body")
            for i in range(50):  # each replays the whole inbox
                await ws.send(json.dumps({"type": start, "id": str(i), "payload": {
                    "query": query, "variables": {"after": cursor_of(rows[0])}}}))
            await asyncio.sleep(1.0)
            baseline = _rss_kib(proc.pid)
            for _ in range(4):  # live events now overflow every queue: the connection is cut off
                await record_changes(world.alice, 10, reason="推送")
                await asyncio.sleep(0.5)
            await until_rows(world.alice, 70)
            await asyncio.sleep(2.5)  # a dispatcher pass
            for _ in range(10):  # and after that, more events cost the server nothing for this client
                await record_changes(world.alice, 20, reason="之后")
            await until_rows(world.alice, 270)
            await asyncio.sleep(2.5)
            grown = _rss_kib(proc.pid) - baseline
            # The client reads again: what was in flight, then the close with the code.
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(ws.recv(), 20)
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4503, "SUBSCRIBER_TOO_SLOW")
    assert grown < 8 * 1024, f"server grew by {grown} KiB while the client did not read"
