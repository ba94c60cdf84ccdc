"""notificationAdded: the viewer's inbox rows after a cursor, replayed from the database, then as they come.

No gap, no duplicate: the stream subscribes to the hub BEFORE reading the replay, so whatever is published
meanwhile waits in its queue; and it never trusts a bus message for content. A message (or the hub's GAP after a
Redis reconnect) only wakes it up to read the viewer's rows numbered after the last one it delivered. Inbox
sequences become visible in commit order (notifications/inbox.py), so "after the last delivered" skips nothing,
and a message whose event is numbered at or below it (its rows come before it) needs no read at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from models import Notification
from notifications import hub, inbox
from resolvers import authz, paging
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.notifications.inbox import mine
from resolvers.outbox import EventKind
from resolvers.viewer import Role, Viewer

BATCH = 100


def listening_to(viewer: Viewer) -> tuple[list[str], str | None]:
    """The bus channels that carry the events of the viewer's inbox, and the viewer's audience in AUDIENCES."""
    if viewer.role is Role.GRADUATE:
        return [f"graduate:{viewer.id}"], inbox.GRADUATE
    if viewer.role is Role.EMPLOYER:
        return [f"employer:{viewer.id}"], inbox.EMPLOYER
    if viewer.role is Role.DEPARTMENT_REVIEWER and viewer.department_id:
        return [f"department:{viewer.department_id}"], inbox.DEPARTMENT_STAFF
    if viewer.role is Role.SCHOOL_ADMIN and viewer.school_id:
        return [f"school:{viewer.school_id}"], inbox.SCHOOL_ADMINS
    return [], None  # the province has no inbox rows: the stream replays (nothing) and waits


def _may_add(item: dict[str, Any] | hub.Gap, audience: str | None, last: int) -> bool:
    """Whether a bus message may have added rows to this viewer's inbox after `last` (a GAP always may)."""
    if item is hub.GAP:
        return True
    sequence = item.get("sequence")
    if isinstance(sequence, int) and sequence <= last:
        return False  # an event is numbered after its own rows: all of them were delivered or are not ours
    try:
        kind = EventKind(item.get("kind"))
    except ValueError:
        return True
    return audience in inbox.audiences_of(kind, item.get("payload") or {})


async def _newest(ctx: Context) -> int:
    newest = await mine(ctx).order_by("-sequence").limit(1).values_list("sequence", flat=True)
    return newest[0] if newest else 0


async def notification_added(ctx: Context, after: str | None) -> AsyncIterator[Notification]:
    authz.require_login(ctx.viewer)
    last = paging.key_of(after)
    channels, audience = listening_to(ctx.viewer)
    async with hub.subscribe(*channels) as events:
        if last is None:  # only what is added from now on
            last = await _newest(ctx)
        wake: dict[str, Any] | hub.Gap = hub.GAP  # the replay
        while True:
            if _may_add(wake, audience, last):
                while True:
                    rows = await mine(ctx).filter(sequence__gt=last).order_by("sequence").limit(BATCH)
                    for row in rows:
                        last = row.sequence
                        yield row
                    if len(rows) < BATCH:
                        break
            try:
                wake = await anext(events)
            except hub.SubscriberTooSlow:
                raise DomainError(ErrorCode.SUBSCRIBER_TOO_SLOW) from None
