"""Publishing to the event bus: in-process by default, Redis pub/sub when REDIS_URL is set (several processes).

Pub/sub is at-most-once; the outbox table stays the record, so a subscriber that missed messages replays from
the database. The receiving half is notifications/hub.py: in-process, publishing hands the message straight to
this process's hub; with Redis, each process's one listener (notifications/listener.py) feeds its hub.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Bus(Protocol):
    async def publish(self, channel: str, message: dict[str, Any]) -> None: ...

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None: ...

    async def ping(self) -> bool: ...

    async def close(self) -> None: ...


class LocalBus:
    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        from notifications.hub import get_hub

        get_hub().deliver(channel, message)

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        for channel, message in messages:
            await self.publish(channel, message)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        pass


class RedisBus:
    def __init__(self, url: str, prefix: str = "wangqian:") -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self._redis.publish(self._prefix + channel, json.dumps(message, ensure_ascii=False))

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        """One round trip for a batch (a pipeline, not a MULTI: pub/sub needs no atomicity)."""
        pipe = self._redis.pipeline(transaction=False)
        for channel, message in messages:
            pipe.publish(self._prefix + channel, json.dumps(message, ensure_ascii=False))
        await pipe.execute()

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


async def publish(channel: str, message: dict[str, Any]) -> None:
    await get_bus().publish(channel, message)
