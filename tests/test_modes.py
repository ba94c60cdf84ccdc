"""The run is on the mode it claims: CI's second pass must really use PostgreSQL and Redis."""

import os

import pytest

from notifications import hub
from notifications.bus import LocalBus, RedisBus, get_bus, reset_bus
from tests.conftest import IS_POSTGRES


async def test_services_required_are_used():
    if os.environ.get("WANGQIAN_REQUIRE_SERVICES") != "1":
        pytest.skip("services not required in this run")
    assert IS_POSTGRES, "DATABASE_URL must point at PostgreSQL"
    await reset_bus()
    bus = get_bus()
    assert isinstance(bus, RedisBus)
    assert await bus.ping(), "Redis must answer at REDIS_URL"


async def test_bus_delivers_a_published_message():
    import asyncio

    await reset_bus()
    bus = get_bus()
    assert isinstance(bus, RedisBus if os.environ.get("REDIS_URL") else LocalBus)
    stream = hub.subscribe("test:roundtrip")

    async def first_message():
        async for item in stream:
            if item is not hub.GAP:  # the Redis listener reports a gap once it is subscribed
                return item

    receiver = asyncio.create_task(first_message())
    for _ in range(50):  # the subscription is live once the first publish reaches it
        await bus.publish("test:roundtrip", {"hello": "世界"})
        done, _ = await asyncio.wait({receiver}, timeout=0.1)
        if done:
            break
    assert receiver.result() == {"hello": "世界"}
    await stream.aclose()
    await hub.reset_hub()
    await reset_bus()
