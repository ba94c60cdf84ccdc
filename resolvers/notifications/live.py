"""notificationAdded: the viewer's inbox rows after a cursor, replayed from the database, then as they come.

No gap, no duplicate: the stream subscribes to the hub BEFORE reading the replay, so whatever is published
meanwhile waits in its queue. Inbox sequences become visible in commit order (notifications/inbox.py), so reading
"the viewer's rows after the last one delivered" skips nothing, and a message whose event is numbered at or below
it (its rows come before it) needs no read at all. A bus message carries its event's rows with each recipient's
previous sequence: when the viewer's row follows on directly from the last one delivered, it is handed on as it
is; otherwise (a message lost or out of order, rows not carried, the hub's GAP after a Redis reconnect) the
stream reads the database after the last one delivered. Under load that is one read per GAP, not one per event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

from models import Notification
from notifications import hub, inbox
from resolvers import authz, paging
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.notifications.inbox import mine, recipient_of
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


def _carried(item: dict[str, Any] | hub.Gap, recipient: tuple[str, int], last: int) -> list[Notification] | None:
    """The viewer's new rows a message carries, if they follow on from `last` with nothing of the viewer's in
    between; None when only the database can tell (a GAP, rows not carried, or one of the viewer's rows missed)."""
    if item is hub.GAP or not isinstance(item.get("notifications"), list):
        return None
    out = []
    for row in item["notifications"]:
        if (row["recipientKind"], row["recipientId"]) != recipient or row["sequence"] <= last:
            continue
        if row["previous"] != last:
            return None
        out.append(Notification(sequence=row["sequence"], recipient_kind=row["recipientKind"],
                                recipient_id=row["recipientId"], event_id=item["id"], kind=row["kind"],
                                title=row["title"], body=row["body"],
                                read_at=dt.datetime.fromisoformat(row["readAt"]) if row["readAt"] else None,
                                created_at=dt.datetime.fromisoformat(row["createdAt"])))
        last = row["sequence"]
    return out


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
        recipient = recipient_of(ctx)
        wake: dict[str, Any] | hub.Gap = hub.GAP  # the replay
        while True:
            carried = _carried(wake, recipient, last)
            if carried is not None:
                for row in carried:
                    last = row.sequence
                    yield row
            elif _may_add(wake, audience, last):
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
