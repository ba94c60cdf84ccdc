"""Helpers of the live-subscription tests: raising inbox events through production code and reading streams.

Events are raised through resolvers/events.py in this process's transactions; a server's own dispatcher fans
them out and publishes them, as in production (it polls every 2 s for events raised in another process).
"""

from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from models import Graduate, Notification
from resolvers import events
from tests.ws_client import LEGACY_WS, TRANSPORT_WS

PROTOCOLS = [TRANSPORT_WS, LEGACY_WS]
ADDED = "subscription($after: String) { notificationAdded(after: $after) { sequence cursor kind title } }"
EVENT_WAIT = 15.0


async def record_changes(graduate: Graduate, count: int = 1, reason: str = "核对") -> None:
    """`count` events for the graduate's inbox, committed together."""
    async with in_transaction():
        for i in range(count):
            await events.record_changed(graduate, "unlock", f"{reason}{i}")


async def inbox_sequences(graduate: Graduate, after: int = 0) -> list[int]:
    return list(await Notification.filter(recipient_kind="graduate", recipient_id=graduate.id,
                                          sequence__gt=after).order_by("sequence").values_list("sequence",
                                                                                                 flat=True))


async def until_rows(graduate: Graduate, count: int, after: int = 0) -> list[int]:
    """Waits until the server's dispatcher has fanned out `count` inbox rows after `after`."""
    for _ in range(int(EVENT_WAIT / 0.1)):
        rows = await inbox_sequences(graduate, after)
        if len(rows) >= count:
            return rows
        await asyncio.sleep(0.1)
    raise AssertionError(f"only {len(rows)} of {count} inbox rows were fanned out")


async def received(stream, count: int, wait: float = EVENT_WAIT) -> list[dict]:
    return [(await stream.next(wait))["notificationAdded"] for _ in range(count)]


