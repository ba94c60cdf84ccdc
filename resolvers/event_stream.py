"""Following bus channels for a live subscription: the events committed after it started, in the hub's order,
with what a gap may have lost replayed from the outbox and nothing delivered twice.

A stream starts from the newest sequence at subscription time (the client read the current state by query).
On `hub.GAP` it replays `events_after` the highest sequence it delivered; a replayed event may also arrive
live afterwards (or have arrived out of order from another publishing process), so delivered sequences are
remembered, a bounded number of them, and dropped when seen again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from models import OutboxEvent
from notifications import hub
from resolvers.errors import DomainError, ErrorCode

REMEMBERED = 4096  # far more than one replay batch (hub.events_after's limit)
REPLAY_BATCH = 500


async def _newest_sequence() -> int:
    row = await OutboxEvent.filter(sequence__not_isnull=True).order_by("-sequence").first()
    return row.sequence if row else 0


class _Seen:
    def __init__(self, start: int) -> None:
        self.start = self.last = start
        self._order: deque[int] = deque()
        self._set: set[int] = set()

    def fresh(self, message: dict[str, Any]) -> bool:
        sequence = message.get("sequence")
        if sequence is None or sequence <= self.start or sequence in self._set:
            return False
        self._set.add(sequence)
        self._order.append(sequence)
        if len(self._order) > REMEMBERED:
            self._set.discard(self._order.popleft())
        self.last = max(self.last, sequence)
        return True


async def follow(*channels: str) -> AsyncIterator[dict[str, Any]]:
    # Subscribed before the newest sequence is read: an event committed in between is queued, and dropped only if
    # that read already counted it as the past.
    async with hub.subscribe(*channels) as events:
        seen = _Seen(await _newest_sequence())
        while True:
            try:
                message = await anext(events)
            except StopAsyncIteration:
                return
            except hub.SubscriberTooSlow:
                raise DomainError(ErrorCode.SUBSCRIBER_TOO_SLOW) from None
            if message is hub.GAP:
                after = seen.last
                while True:
                    batch = await hub.events_after(after, channels, limit=REPLAY_BATCH)
                    for replayed in batch:
                        if seen.fresh(replayed):
                            yield replayed
                    if len(batch) < REPLAY_BATCH:
                        break
                    after = batch[-1]["sequence"]
                continue
            if seen.fresh(message):
                yield message
