"""The event bus: in-process by default, Redis pub/sub when REDIS_URL is set (several processes, hosts).

Pub/sub is at-most-once; the outbox table stays the record, so a subscriber that missed messages
replays from the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Bus(Protocol):
    async def publish(self, channel: str, message: dict[str, Any]) -> None: ...

    def subscribe(self, *channels: str) -> AsyncIterator[dict[str, Any]]: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class LocalBus:
    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue]] = defaultdict(set)

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        for queue in list(self._queues.get(channel, ())):
            queue.put_nowait(message)

    async def subscribe(self, *channels: str) -> AsyncIterator[dict[str, Any]]:
        queue: asyncio.Queue = asyncio.Queue()
        for channel in channels:
            self._queues[channel].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            for channel in channels:
                self._queues[channel].discard(queue)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._queues.clear()


class RedisBus:
    def __init__(self, url: str, prefix: str = "wangqian:") -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self._redis.publish(self._prefix + channel, json.dumps(message, ensure_ascii=False))

    async def subscribe(self, *channels: str) -> AsyncIterator[dict[str, Any]]:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(*(self._prefix + c for c in channels))
        try:
            async for raw in pubsub.listen():
                if raw.get("type") == "message":
                    yield json.loads(raw["data"])
        finally:
            await pubsub.aclose()

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception as e:  # readiness reports any failure as "not ready"
            log.warning("redis ping failed: %s", e)
            return False

    async def close(self) -> None:
        await self._redis.aclose()


_bus: Bus | None = None


def get_bus() -> Bus:
    global _bus
    if _bus is None:
        from server.settings import get_settings

        url = get_settings().redis_url
        _bus = RedisBus(url, get_settings().redis_prefix) if url else LocalBus()
    return _bus


async def reset_bus() -> None:
    global _bus
    if _bus is not None:
        await _bus.close()
    _bus = None
