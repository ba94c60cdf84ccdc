"""What live subscriptions listen to: this process's fan-out of bus messages, and replay from the outbox.

One hub per server process. With Redis, one supervised listener (notifications/listener.py, a pattern
subscription on the prefix) feeds it every message of every channel; without Redis the in-process bus hands it
what this process publishes. The hub copies each message, in memory, to the subscriptions of its channel, so
10,000 open subscriptions cost 10,000 small queues and one Redis connection, not 10,000 connections.

Every published message is an outbox event carrying its commit-ordered `sequence` (notifications/inbox.py). A
stream remembers the last sequence it delivered; when the hub yields `GAP` (messages may have been lost: the
Redis listener reconnected, or had not yet subscribed when the stream began) the stream replays from that
sequence out of the database and drops what it has already delivered. Streams subscribe BEFORE reading their
replay, so a message published meanwhile is queued, not lost.

Each subscription has a bounded queue (WANGQIAN_SUBSCRIBER_QUEUE). One that overflows is removed from the hub at
once, its queue dropped, so a client that stops reading cannot make the server hold more; its iterator raises
`SubscriberTooSlow`, and the websocket connection it belongs to (if any, see `on_overflow`) is cut off at once
rather than when the stuck stream next reads. The client resumes by cursor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from tortoise.expressions import Q

from models import OutboxEvent
from notifications.dispatcher import message_of

log = logging.getLogger(__name__)


class Gap:
    """Messages may have been lost since the last one delivered: replay from the database."""

    def __repr__(self) -> str:
        return "GAP"


GAP = Gap()


class SubscriberTooSlow(Exception):
    """The subscriber's queue filled up: the stream ends and the client resumes by cursor."""


# How to cut off the connection the current task serves when one of its subscriptions overflows; set by the
# websocket connection (server/app.py) and inherited by the tasks of its operations.
on_overflow: ContextVar[Callable[[], None] | None] = ContextVar("hub_on_overflow", default=None)


class Subscription:
    """One subscriber's bounded queue of messages (dicts, shared and read-only) and GAPs.

    Iterate it (`async for item in subscription`); close it with `aclose()` or use it as `async with`.
    """

    __slots__ = ("__weakref__", "_hub", "_items", "_last_id", "_limit", "_on_overflow", "_ready", "channels",
                 "closed", "too_slow")

    def __init__(self, hub: Hub, channels: tuple[str, ...], limit: int,
                 overflow: Callable[[], None] | None) -> None:
        self._hub, self.channels, self._limit, self._on_overflow = hub, channels, limit, overflow
        self._items: deque[dict[str, Any] | Gap] = deque()
        self._ready = asyncio.Event()
        self._last_id: Any = None
        self.closed = self.too_slow = False

    def offer(self, message: dict[str, Any]) -> None:
        if self.closed or self.too_slow:
            return
        # One event is published once per channel; a stream on two of its channels needs it once.
        if message.get("id") is not None and message.get("id") == self._last_id:
            return
        self._last_id = message.get("id")
        if len(self._items) >= self._limit:
            self._overflow()
            return
        self._items.append(message)
        self._ready.set()

    def gap(self) -> None:
        if self.closed or self.too_slow:
            return
        # The replay that a GAP causes covers everything queued before it.
        self._items.clear()
        self._items.append(GAP)
        self._last_id = None
        self._ready.set()

    def _overflow(self) -> None:
        self.too_slow = True
        self._items.clear()
        self._hub._remove(self)
        self._ready.set()
        if self._on_overflow is not None:
            try:
                self._on_overflow()
            except Exception:  # cutting the connection off is best effort; the stream still ends
                log.exception("cutting off a slow subscriber failed")

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> dict[str, Any] | Gap:
        while not self._items:
            if self.too_slow:
                raise SubscriberTooSlow
            if self.closed:
                raise StopAsyncIteration
            self._ready.clear()
            await self._ready.wait()
        return self._items.popleft()

    def pending(self) -> int:
        return len(self._items)

    async def aclose(self) -> None:
        self.closed = True
        self._items.clear()
        self._hub._remove(self)
        self._ready.set()

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class Hub:
    """This process's subscriptions by channel; `deliver` and `gap` are called by whatever feeds it."""

    def __init__(self, limit: int, redis_url: str | None = None, prefix: str = "") -> None:
        self.limit = limit
        self._redis_url, self._prefix = redis_url, prefix
        # Weak: a stream that forgot to close its subscription (an abandoned generator) does not leak it.
        self._by_channel: dict[str, weakref.WeakSet[Subscription]] = {}
        self._all: weakref.WeakSet[Subscription] = weakref.WeakSet()
        self._listener: asyncio.Task | None = None
        self.listening = False  # the Redis listener is subscribed (always False without Redis)

    def subscribe(self, channels: Iterable[str]) -> Subscription:
        self.start()
        subscription = Subscription(self, tuple(dict.fromkeys(channels)), self.limit, on_overflow.get())
        for channel in subscription.channels:
            self._by_channel.setdefault(channel, weakref.WeakSet()).add(subscription)
        self._all.add(subscription)
        return subscription

    def _remove(self, subscription: Subscription) -> None:
        self._all.discard(subscription)
        for channel in subscription.channels:
            subscribers = self._by_channel.get(channel)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._by_channel[channel]

    def wants(self, channel: str) -> bool:
        return channel in self._by_channel

    def deliver(self, channel: str, message: dict[str, Any]) -> None:
        subscribers = self._by_channel.get(channel)
        if subscribers is None:
            return
        if not subscribers:  # every subscription of the channel was collected
            del self._by_channel[channel]
            return
        for subscription in list(subscribers):
            subscription.offer(message)

    def gap(self) -> None:
        """Every live subscription replays from its last delivered sequence."""
        for subscription in list(self._all):
            subscription.gap()

    def __len__(self) -> int:
        return len(self._all)

    def start(self) -> None:
        """Starts the Redis listener of this process, once, when Redis is configured."""
        if not self._redis_url or (self._listener is not None and not self._listener.done()):
            return
        from notifications import listener

        self._listener = asyncio.create_task(listener.run(self, self._redis_url, self._prefix),
                                             name="wangqian-redis-listener")

    async def close(self) -> None:
        for subscription in list(self._all):
            await subscription.aclose()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None


_hub: Hub | None = None


def get_hub() -> Hub:
    global _hub
    if _hub is None:
        from server.settings import get_settings

        settings = get_settings()
        _hub = Hub(settings.subscriber_queue, settings.redis_url, settings.redis_prefix)
    return _hub


async def reset_hub() -> None:
    global _hub
    if _hub is not None:
        await _hub.close()
    _hub = None


def subscribe(*channels: str) -> Subscription:
    """A subscription to these channels, registered at once (before the caller reads its replay)."""
    return get_hub().subscribe(channels)


_COLUMNS = {"graduate": "graduate_id", "employer": "employer_id", "school": "school_id",
            "department": "department_id"}


def _channel_filter(channels: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for channel in channels:
        name, _, ident = channel.partition(":")
        if name == "print_code":  # a print page's channel is its code's (resolvers/printing/print_codes.py)
            query |= Q(subject_type="print_code", subject_id=int(ident))
            continue
        query |= Q(**{_COLUMNS[name]: int(ident)})
    return query


async def events_after(sequence: int, channels: Iterable[str], limit: int = 500) -> list[dict[str, Any]]:
    """Published-or-not events on the channels numbered after `sequence`, in sequence order."""
    events = await OutboxEvent.filter(_channel_filter(channels), sequence__gt=sequence
                                      ).order_by("sequence").limit(limit)
    return [message_of(e) for e in events]
