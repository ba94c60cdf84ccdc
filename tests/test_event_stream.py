"""The follower under every live stream (resolvers/event_stream.py): events committed after the stream started,
a gap replayed from the outbox, nothing twice (issue 8.2-8.3).

The per-process listener announces a gap after a Redis reconnect (tests/test_live_bus.py shows it end to end); here a
stand-in for `hub.subscribe` plays its part: it loses two events, announces the gap, then delivers one of them
live again, as a listener catching up would.
"""

from __future__ import annotations

import contextlib

from notifications import hub, inbox
from notifications.dispatcher import message_of
from resolvers import event_stream, outbox
from resolvers.outbox import EventKind


async def _numbered(world, reason: str):
    event = await outbox.emit(EventKind.RECORD_CHANGED, outbox.RecordChanged(
        graduate_id=world.alice.id, change="unlock", reason=reason, voided_agreement=None),
        "graduate", world.alice.id, graduate_id=world.alice.id, school_id=world.school.id)
    await inbox.fan_out(event.id)
    await event.refresh_from_db()
    return event


async def test_i8_a_gap_is_replayed_from_the_outbox_and_nothing_arrives_twice(world, monkeypatch):
    await _numbered(world, "before the stream: not news")
    others = await outbox.emit(EventKind.RECORD_CHANGED, outbox.RecordChanged(
        graduate_id=world.bob.id, change="unlock", reason="bob's", voided_agreement=None),
        "graduate", world.bob.id, graduate_id=world.bob.id)

    async def played(*channels):
        lost = [await _numbered(world, "lost 1"), await _numbered(world, "lost 2")]
        await inbox.fan_out(others.id)  # another graduate's: not on this stream's channel
        yield hub.GAP
        yield message_of(lost[1])  # the same event again, live
        yield message_of(await _numbered(world, "live"))

    @contextlib.asynccontextmanager
    async def listener(*channels):
        yield played(*channels)

    monkeypatch.setattr(hub, "subscribe", listener)
    stream = event_stream.follow(f"graduate:{world.alice.id}")
    got = [await anext(stream) for _ in range(3)]
    await stream.aclose()
    assert [m["payload"]["reason"] for m in got] == ["lost 1", "lost 2", "live"]
    assert [m["sequence"] for m in got] == sorted(m["sequence"] for m in got)
