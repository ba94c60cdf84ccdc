"""Publishes outbox events to the bus after commit, with retries; any process may publish any event.

Newly committed events are claimed for publishing by the conditional UPDATE that claims them for fan-out
(notifications/inbox.py), and published in one go (Redis: one pipeline) straight after that transaction commits.
Any other ready event (a failed publish's, after its backoff) is read under row locks other dispatchers skip and
claimed with a conditional UPDATE in one short transaction, then published the same way. Either way two processes
never publish the same event twice.
A failed publish puts the whole batch back, each event on its own backoff: pub/sub is at-most-once anyway and a
subscriber drops a sequence it has already seen.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import OutboxEvent
from notifications import deliveries, inbox
from notifications.bus import get_bus
from server import clock

log = logging.getLogger(__name__)

_wakeup: asyncio.Event | None = None
POLL_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 300


def channels_for(event: OutboxEvent) -> list[str]:
    out = []
    if event.graduate_id:
        out.append(f"graduate:{event.graduate_id}")
    if event.employer_id:
        out.append(f"employer:{event.employer_id}")
    if event.school_id:
        out.append(f"school:{event.school_id}")
    if event.department_id:
        out.append(f"department:{event.department_id}")
    if event.subject_type == "print_code":  # the print page waiting for its code's scan (P2)
        out.append(f"print_code:{event.subject_id}")
    if event.kind == "notice.published":  # every addressed graduate's live inbox (resolvers/notices/live.py)
        out.append(notice_channel(event.school_id, (event.payload or {}).get("provinceId")))
    return out


def notice_channel(school_id: int | None, province_id: int | None) -> str:
    """A school's notices go to its graduates, the province's to every school's: one channel each, which each
    graduate's stream filters by department and education level, rather than a message per graduate."""
    return f"school_notices:{school_id}" if school_id is not None else f"province_notices:{province_id}"


def message_of(event: OutboxEvent) -> dict:
    return {
        "id": event.id,
        "sequence": event.sequence,
        "kind": event.kind,
        "subjectType": event.subject_type,
        "subjectId": event.subject_id,
        "schoolId": event.school_id,
        "departmentId": event.department_id,
        "payload": event.payload,
        "createdAt": event.created_at.isoformat() if event.created_at else None,
    }


def _messages(events: list[OutboxEvent], rows: dict[int, list[dict]]) -> list[tuple[str, dict]]:
    messages = []
    for event in events:
        message = message_of(event)
        for channel in channels_for(event):
            mine = inbox.carried(channel, rows.get(event.id, []))
            messages.append((channel, message if mine is None else {**message, "notifications": mine}))
    return messages


async def messages_of(events: list[OutboxEvent]) -> list[tuple[str, dict]]:
    """What publishing these fanned-out events sends: one message per channel, in their order. Each carries the
    event's inbox rows for the channel's readers, so a live stream that is up to date hands them on without
    reading the database (resolvers/notifications/live.py)."""
    return _messages(events, await inbox.published_rows([event.id for event in events]))


def wake() -> None:
    if _wakeup is not None:
        _wakeup.set()


async def publish_pending(limit: int = 200) -> int:
    """Fans new events out to the inboxes and publishes them, then publishes the other ready ones (a failed
    publish's, after its backoff); returns how many were published."""
    # The fan-out claims what it numbers for publishing in its own transaction: the messages go out right after
    # its commit, with no second transaction in between.
    fanned_out = await inbox.fan_out_to_publish(limit)
    try:
        published = await _publish(fanned_out.events, _messages(fanned_out.events, fanned_out.published))
        return published + await _publish_ready(limit)
    finally:
        # Deliveries were planned with the inbox rows; woken only now, their statements do not hold up the
        # live subscribers' messages (in-process, they share this event loop and the connection pool).
        if fanned_out.events:
            deliveries.wake()


async def _publish_ready(limit: int) -> int:
    now = clock.now()
    # Events waiting out a backoff are skipped in SQL: read and skipped here, 200 of them would hide every newer one.
    ready = Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
    async with in_transaction():
        # Published in sequence order, and only once numbered, so a stream can resume "after sequence N". The
        # batch is claimed under row locks another dispatcher skips (PostgreSQL), so no event goes out twice.
        pending = await (OutboxEvent.filter(ready, published_at=None, sequence__not_isnull=True)
                         .order_by("sequence").limit(limit).select_for_update(skip_locked=True))
        if not pending:
            return 0
        claimed = await OutboxEvent.filter(id__in=[e.id for e in pending], published_at=None
                                           ).update(published_at=now)
        if claimed != len(pending):  # cannot happen under the row locks; never publish twice
            raise RuntimeError(f"claimed {claimed} of {len(pending)} outbox events")
        messages = await messages_of(pending)
    return await _publish(pending, messages)


async def _publish(claimed: list[OutboxEvent], messages: list[tuple[str, dict]]) -> int:
    """Sends claimed events' messages; returns how many events went out."""
    if not claimed:
        return 0
    try:
        await get_bus().publish_many(messages)
    except Exception as e:  # the bus is down: keep the batch and retry later, each event on its own backoff
        now = clock.now()
        by_attempts: dict[int, list[int]] = {}
        for event in claimed:
            by_attempts.setdefault(event.attempts, []).append(event.id)
        for attempts, ids in by_attempts.items():
            delay = min(MAX_BACKOFF_SECONDS, 2 ** min(attempts + 1, 8))
            await OutboxEvent.filter(id__in=ids).update(
                published_at=None,
                attempts=attempts + 1,
                next_attempt_at=now + dt.timedelta(seconds=delay),
                last_error=str(e)[:500],
            )
        log.warning("%d outbox events not published: %s", len(claimed), e)
        return 0
    return len(claimed)


async def run_forever() -> None:
    global _wakeup
    _wakeup = asyncio.Event()
    while True:
        try:
            await publish_pending()
        except Exception:
            log.exception("outbox dispatcher pass failed")
        try:
            await asyncio.wait_for(_wakeup.wait(), timeout=POLL_SECONDS)
        except TimeoutError:
            pass
        _wakeup.clear()
