"""notificationAdded hands on the inbox rows a bus message carries when they follow on from the last one it
delivered, without reading the database; a row that does not follow on (a message lost or out of order) makes it
read what it missed, so nothing is skipped or repeated (issue 8.2, the live benchmark's per-event cost).

A stand-in for `hub.subscribe` plays the bus: it delivers the messages the dispatcher builds for publishing
(`dispatcher.messages_of`), losing or reordering some, as a Redis hiccup or two publishing processes could.
"""

from __future__ import annotations

import asyncio
import contextlib

from models import OutboxEvent
from notifications import dispatcher, hub, inbox
from resolvers import outbox
from resolvers.notifications import live
from resolvers.outbox import EventKind
from resolvers.viewer import Role
from tests.factories import as_viewer
from tests.sql_statements import statements


async def _fanned_out(world, graduate, reason: str) -> OutboxEvent:
    event = await outbox.emit(EventKind.RECORD_CHANGED, outbox.RecordChanged(
        graduate_id=graduate.id, change="unlock", reason=reason, voided_agreement=None),
        "graduate", graduate.id, graduate_id=graduate.id, school_id=world.school.id)
    await inbox.fan_out(event.id)
    await event.refresh_from_db()
    return event


async def _message(event: OutboxEvent, channel: str) -> dict:
    return next(m for c, m in await dispatcher.messages_of([event]) if c == channel)


async def test_i8_2_a_live_row_that_follows_on_comes_from_the_message_and_a_missed_one_from_the_database(
        world, monkeypatch):
    channel = f"graduate:{world.alice.id}"
    await _fanned_out(world, world.alice, "before the stream: not news")
    bus: asyncio.Queue = asyncio.Queue()

    async def played(*channels):
        while True:
            yield await bus.get()

    @contextlib.asynccontextmanager
    async def subscribed(*channels):
        # the graduate's own channel first; the notices of their school and province follow (issue 12 §1)
        assert channels == (channel, f"school_notices:{world.school.id}", f"province_notices:{world.province.id}")
        yield played(*channels)

    monkeypatch.setattr(hub, "subscribe", subscribed)
    stream = live.notification_added(as_viewer(Role.GRADUATE, world.alice), None)
    first = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.2)  # the stream has read where it starts from and waits for the bus
    await _fanned_out(world, world.bob, "bob's: another channel")

    # Delivered in order: the row follows on from where the stream started, and no statement is sent for it.
    one = await _fanned_out(world, world.alice, "one")
    await bus.put(await _message(one, channel))
    with statements() as sent:
        row = await asyncio.wait_for(first, 5)
    assert "one" in row.body and sent == []

    # "two" is lost (or late), "three" arrives first: its row does not follow on from "one", so the stream reads
    # the database and delivers both, in order; "two" arriving late then brings nothing twice.
    two, three = await _fanned_out(world, world.alice, "two"), await _fanned_out(world, world.alice, "three")
    await bus.put(await _message(three, channel))
    await bus.put(await _message(two, channel))
    got = [await asyncio.wait_for(anext(stream), 5) for _ in range(2)]
    assert ["two" in got[0].body, "three" in got[1].body] == [True, True]
    assert row.sequence < got[0].sequence < got[1].sequence

    # Back in step: the next row follows on from "three" and again costs no statement.
    four = await _fanned_out(world, world.alice, "four")
    await bus.put(await _message(four, channel))
    with statements() as sent:
        last = await asyncio.wait_for(anext(stream), 5)
    await stream.aclose()
    assert "four" in last.body and sent == []
    assert last.sequence > got[1].sequence
