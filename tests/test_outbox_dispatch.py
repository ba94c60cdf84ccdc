"""Outbox delivery: events written in a transaction reach the bus after commit, and survive a bus outage."""

import asyncio
import datetime as dt
import socket

from tortoise.transactions import in_transaction

from models import OutboxEvent
from notifications import dispatcher, hub
from notifications.bus import RedisBus, get_bus, reset_bus
from resolvers import outbox
from resolvers.errors import DomainError, ErrorCode


async def _next(stream):
    async def message():
        async for item in stream:
            if item is not hub.GAP:
                return item

    return await asyncio.wait_for(message(), 5.0)


async def _subscribed(channel: str):
    """A subscription that is surely live (Redis subscribes asynchronously)."""
    bus = get_bus()
    stream = hub.subscribe(channel, "probe:" + channel)
    pending = asyncio.create_task(_next(stream))
    for _ in range(100):
        await bus.publish("probe:" + channel, {"probe": True})
        done, _ = await asyncio.wait({pending}, timeout=0.05)
        if done:
            break
    assert pending.result() == {"probe": True}
    return stream


def _unlocked(world) -> outbox.RecordChanged:
    return outbox.RecordChanged(graduate_id=world.alice.id, change="unlock", reason="误锁", voided_agreement=None)


async def test_event_reaches_every_audience_channel_once(world):
    await reset_bus()
    graduate_stream = await _subscribed(f"graduate:{world.alice.id}")
    school_stream = await _subscribed(f"school:{world.school.id}")
    async with in_transaction():
        event = await outbox.emit(outbox.EventKind.RECORD_CHANGED, _unlocked(world), "graduate", world.alice.id,
                                  school_id=world.school.id, graduate_id=world.alice.id)
    assert await dispatcher.publish_pending() == 1
    for stream in (graduate_stream, school_stream):
        message = await _next(stream)
        assert message["id"] == event.id and message["kind"] == "record.changed"
        assert message["payload"] == {"graduateId": world.alice.id, "change": "unlock", "reason": "误锁",
                                      "voidedAgreement": None, "agreementNumber": None, "changes": None}
    assert await dispatcher.publish_pending() == 0, "published events are not sent twice"
    assert (await OutboxEvent.get(id=event.id)).published_at is not None
    await graduate_stream.aclose()
    await school_stream.aclose()
    await hub.reset_hub()
    await reset_bus()


async def test_rolled_back_transaction_leaves_no_event(world):
    try:
        async with in_transaction():
            await outbox.emit(outbox.EventKind.RECORD_CHANGED, _unlocked(world), "graduate", world.alice.id,
                              school_id=world.school.id)
            raise DomainError(ErrorCode.INVALID_STATE)
    except DomainError:
        pass
    assert await OutboxEvent.all().count() == 0


async def test_bus_outage_keeps_the_event_and_retries_later(world):
    with socket.socket() as s:  # a port nobody listens on: Redis is down
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    event = await outbox.emit(outbox.EventKind.RECORD_CHANGED, _unlocked(world), "graduate", world.alice.id,
                              graduate_id=world.alice.id)
    import notifications.bus as bus_module

    await reset_bus()
    bus_module._bus = RedisBus(f"redis://127.0.0.1:{dead_port}/0")
    try:
        assert await dispatcher.publish_pending() == 0
    finally:
        await reset_bus()
    failed = await OutboxEvent.get(id=event.id)
    assert failed.published_at is None and failed.attempts == 1 and failed.last_error
    assert failed.next_attempt_at > dt.datetime.now(dt.UTC)
    assert await dispatcher.publish_pending() == 0, "not retried before its backoff"

    await OutboxEvent.filter(id=event.id).update(next_attempt_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    stream = await _subscribed(f"graduate:{world.alice.id}")
    assert await dispatcher.publish_pending() == 1
    assert (await _next(stream))["id"] == event.id
    await stream.aclose()
    await reset_bus()
