"""The one Redis listener of a server process: a pattern subscription on the prefix, feeding the hub.

Supervised: when Redis goes away (restart, failover, network) the listener reconnects with exponential backoff
and jitter, and once its pattern subscription is confirmed again it tells the hub there was a gap, so every live
subscription replays from its last delivered sequence out of the database. The first subscription of a process
counts as a reconnect too: a stream opened before the listener was subscribed replays what it might have missed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re

import redis.asyncio as redis

log = logging.getLogger(__name__)

FIRST_BACKOFF_SECONDS = 0.2
MAX_BACKOFF_SECONDS = 10.0
# Pub/sub connections are quiet by design; a periodic PING finds a dead peer that sent no RST.
HEALTH_CHECK_SECONDS = 15
CONFIRM_SECONDS = 10.0


def pattern_of(prefix: str) -> str:
    """Every channel under the prefix, the prefix's own glob characters escaped."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", prefix) + "*"


async def _subscribed(pubsub, pattern: str) -> None:
    """Waits for Redis to confirm the pattern subscription: only then is every later PUBLISH ours."""
    deadline = asyncio.get_running_loop().time() + CONFIRM_SECONDS
    await pubsub.psubscribe(pattern)
    while asyncio.get_running_loop().time() < deadline:
        raw = await pubsub.get_message(ignore_subscribe_messages=False, timeout=1.0)
        if raw and raw.get("type") == "psubscribe":
            return
    raise TimeoutError("redis did not confirm the pattern subscription")


async def listen_once(hub, url: str, prefix: str) -> None:
    """One connection's life: subscribe, report the gap, feed the hub until the connection fails."""
    client = redis.from_url(url, decode_responses=True, health_check_interval=HEALTH_CHECK_SECONDS,
                            socket_keepalive=True)
    pubsub = client.pubsub()
    try:
        await _subscribed(pubsub, pattern_of(prefix))
        hub.gap()
        hub.listening = True
        skip = len(prefix)
        while True:
            raw = await pubsub.get_message(ignore_subscribe_messages=True, timeout=HEALTH_CHECK_SECONDS)
            if raw is None or raw.get("type") != "pmessage":
                continue
            channel = raw["channel"][skip:]
            if not hub.wants(channel):  # every process hears every event: decode only those it holds streams for
                continue
            try:
                message = json.loads(raw["data"])
            except ValueError:
                log.warning("unreadable bus message on %s", raw.get("channel"))
                continue
            hub.deliver(channel, message)
    finally:
        hub.listening = False
        await pubsub.aclose()
        await client.aclose()


async def run(hub, url: str, prefix: str) -> None:
    backoff = FIRST_BACKOFF_SECONDS
    while True:
        started = asyncio.get_running_loop().time()
        try:
            await listen_once(hub, url, prefix)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # any failure of the connection: reconnect
            log.warning("redis listener lost its connection (%s: %s); reconnecting", type(e).__name__, e)
        if asyncio.get_running_loop().time() - started > MAX_BACKOFF_SECONDS:
            backoff = FIRST_BACKOFF_SECONDS  # it had been listening a while: this is a fresh failure
        await asyncio.sleep(backoff * random.uniform(0.5, 1.5))
        backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
