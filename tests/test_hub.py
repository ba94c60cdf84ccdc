"""Issue 8.3: the process's hub — bounded queues, gaps, and one Redis connection for all its subscribers."""

from __future__ import annotations

import asyncio
import gc
import subprocess

import pytest

from notifications import hub as hub_module
from notifications import listener
from notifications.hub import GAP, Hub, SubscriberTooSlow
from tests.live_server import RedisServer


def _message(sequence: int) -> dict:
    return {"id": sequence, "sequence": sequence, "kind": "record.changed", "payload": {}}


async def _drain(subscription, count: int) -> list:
    return [await asyncio.wait_for(anext(subscription), 2) for _ in range(count)]


async def test_i8_3_a_full_queue_cuts_the_subscriber_off_and_drops_what_it_held():
    hub = Hub(limit=3)
    cut_off = []
    token = hub_module.on_overflow.set(lambda: cut_off.append(True))
    try:
        slow = hub.subscribe(["graduate:1"])
    finally:
        hub_module.on_overflow.reset(token)
    fast = hub.subscribe(["graduate:1"])
    for sequence in range(1, 4):
        hub.deliver("graduate:1", _message(sequence))
    assert [m["sequence"] for m in await _drain(fast, 3)] == [1, 2, 3]
    hub.deliver("graduate:1", _message(4))  # the slow one holds 3 already
    assert cut_off == [True] and slow.too_slow and slow.pending() == 0
    assert len(hub) == 1, "the slow subscriber left the hub: nothing more is kept for it"
    for sequence in range(5, 1000):
        hub.deliver("graduate:1", _message(sequence))
        await anext(fast)
    assert slow.pending() == 0
    with pytest.raises(SubscriberTooSlow):
        await anext(slow)


async def test_i8_3_a_gap_replaces_what_was_queued_and_one_event_on_two_channels_comes_once():
    hub = Hub(limit=10)
    both = hub.subscribe(["graduate:1", "school:1"])
    hub.deliver("graduate:1", _message(1))
    hub.deliver("school:1", _message(1))  # the same event on its second channel
    hub.deliver("graduate:2", _message(2))  # another graduate's
    assert both.pending() == 1
    hub.deliver("graduate:1", _message(3))
    hub.gap()
    assert await _drain(both, 1) == [GAP] and both.pending() == 0, "the replay covers what was queued"
    await both.aclose()
    assert len(hub) == 0


async def test_i8_3_an_abandoned_subscription_does_not_stay_in_the_hub():
    hub = Hub(limit=10)

    async def stream():
        async for item in hub.subscribe(["graduate:1"]):  # never closed explicitly
            yield item

    generator = stream()
    hub.deliver("graduate:1", _message(1))
    assert len(hub) == 0, "registered when the stream starts"
    hub.deliver("graduate:1", _message(1))
    task = asyncio.create_task(anext(generator))
    await asyncio.sleep(0.01)
    hub.deliver("graduate:1", _message(2))
    assert (await task)["sequence"] == 2 and len(hub) == 1
    del generator, task  # dropped while suspended at its yield, never closed
    for _ in range(3):
        gc.collect()
        await asyncio.sleep(0.01)
    assert len(hub) == 0


def _pubsub_clients(port: int) -> int:
    out = subprocess.run(["redis-cli", "-p", str(port), "client", "list", "type", "pubsub"], capture_output=True,
                         text=True, check=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


async def test_i8_3_one_redis_listener_serves_every_subscriber_and_reconnects_with_a_gap():
    import redis.asyncio as redis

    redis_server = RedisServer().start()
    port, url = redis_server.port, redis_server.url
    hub = Hub(limit=10)
    task = asyncio.create_task(listener.run(hub, url, "wq-hub[test]:"))
    try:
        subscriptions = [hub.subscribe([f"graduate:{i % 50}"]) for i in range(500)]
        assert [await _drain(s, 1) for s in subscriptions[:3]] == [[GAP]] * 3, "subscribed: replay once"
        for s in subscriptions[3:]:
            await _drain(s, 1)
        assert _pubsub_clients(port) == 1, "one connection for 500 subscriptions"
        publisher = redis.from_url(url)
        await publisher.publish("wq-hub[test]:graduate:7", '{"id": 1, "sequence": 1}')
        await publisher.publish("other-prefix:graduate:7", '{"id": 2, "sequence": 2}')  # not ours
        got = await _drain(subscriptions[7], 1)
        assert got == [{"id": 1, "sequence": 1}] and subscriptions[57].pending() == 1
        assert subscriptions[8].pending() == 0
        await publisher.aclose()

        redis_server.kill()  # Redis restarts: the listener comes back and reports a gap
        await asyncio.sleep(0.5)
        redis_server.start()
        assert await asyncio.wait_for(anext(subscriptions[0]), 15) is GAP
        assert hub.listening and _pubsub_clients(port) == 1
    finally:
        task.cancel()
        redis_server.kill()
