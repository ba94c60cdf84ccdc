"""What live subscriptions listen to: bus messages for a set of channels, and replay from the outbox.

Every published message is an outbox event carrying its commit-ordered `sequence` (notifications/inbox.py). A
stream remembers the last sequence it delivered; when the hub yields `Gap` (messages may have been lost, e.g.
the Redis listener reconnected) the stream replays `events_after(that sequence)` from the database and drops
live messages it has already seen. A subscriber whose bounded queue overflows gets `SubscriberTooSlow`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from tortoise.expressions import Q

from models import OutboxEvent
from notifications.bus import get_bus
from notifications.dispatcher import message_of


class Gap:
    """Messages may have been lost since the last one delivered: replay from the database."""


GAP = Gap()


class SubscriberTooSlow(Exception):
    """The subscriber's queue filled up: the stream ends and the client resumes by cursor."""


async def subscribe(*channels: str) -> AsyncIterator[dict[str, Any] | Gap]:
    async for message in get_bus().subscribe(*channels):
        yield message


_COLUMNS = {"graduate": "graduate_id", "employer": "employer_id", "school": "school_id",
            "department": "department_id"}


def _channel_filter(channels: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for channel in channels:
        name, _, ident = channel.partition(":")
        query |= Q(**{_COLUMNS[name]: int(ident)})
    return query


async def events_after(sequence: int, channels: Iterable[str], limit: int = 500) -> list[dict[str, Any]]:
    """Published-or-not events on the channels numbered after `sequence`, in sequence order."""
    events = await OutboxEvent.filter(_channel_filter(channels), sequence__gt=sequence
                                      ).order_by("sequence").limit(limit)
    return [message_of(e) for e in events]
