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
from resolvers.notices import live as notice_live
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


def _carried(item: dict[str, Any] | hub.Gap, recipient: tuple[str, int], last: int,
             own: int) -> list[Notification] | None:
    """The viewer's new rows a message carries, if they follow on from `own` (the viewer's last inbox row
    delivered) with nothing of the viewer's in between; None when only the database can tell (a GAP, rows not
    carried, or one of the viewer's rows missed). Rows at or before `last` were delivered already."""
    if item is hub.GAP or not isinstance(item.get("notifications"), list):
        return None
    out = []
    for row in item["notifications"]:
        if (row["recipientKind"], row["recipientId"]) != recipient or row["sequence"] <= last:
            continue
        if row["previous"] != own:
            return None
        out.append(Notification(sequence=row["sequence"], recipient_kind=row["recipientKind"],
                                recipient_id=row["recipientId"], event_id=item["id"], kind=row["kind"],
                                title=row["title"], body=row["body"],
                                read_at=dt.datetime.fromisoformat(row["readAt"]) if row["readAt"] else None,
                                created_at=dt.datetime.fromisoformat(row["createdAt"])))
        own = row["sequence"]
    return out


async def _newest(ctx: Context, before: int | None = None) -> int:
    qs = mine(ctx) if before is None else mine(ctx).filter(sequence__lte=before)
    newest = await qs.order_by("-sequence").limit(1).values_list("sequence", flat=True)
    return newest[0] if newest else 0


async def _read(ctx: Context, last: int, notices: notice_live.Audience | None,
                below: int | None = None) -> tuple[list[Notification], bool]:
    """The viewer's rows (and, for a graduate, the notices to them) after `last`, in order, at most BATCH of
    each, and whether that was all of them; `below`: only those numbered before it."""
    rows_qs = mine(ctx).filter(sequence__gt=last)
    if below is not None:
        rows_qs = rows_qs.filter(sequence__lt=below)
    rows = list(await rows_qs.order_by("sequence").limit(BATCH))
    notes = [] if notices is None else [n for n in await notices.after(last, BATCH)
                                        if below is None or n.sequence < below]
    merged = sorted(rows + notes, key=lambda r: r.sequence)
    complete = True
    for full in (rows, notes):  # a full batch: what comes after its last one is read next time
        if len(full) == BATCH:
            merged, complete = [r for r in merged if r.sequence <= full[-1].sequence], False
    return merged, complete


async def notification_added(ctx: Context, after: str | None) -> AsyncIterator[Notification]:
    authz.require_login(ctx.viewer)
    last = paging.key_of(after)
    channels, audience = listening_to(ctx.viewer)
    # A graduate also hears the notices of their school and province (issue 12 §1), filtered here per stream.
    notices = await notice_live.audience_of(ctx.viewer.id) if ctx.viewer.role is Role.GRADUATE else None
    if notices is not None:
        channels = [*channels, *notices.channels]
    async with hub.subscribe(*channels) as events:
        if last is None:  # only what is added from now on
            last = await _newest(ctx)
            if notices is not None:
                last = max(last, await notices.newest())
        # The viewer's own last row delivered: what a carried row's `previous` must be (a notice is no row).
        own = last if notices is None else await _newest(ctx, last)
        recipient = recipient_of(ctx)
        wake: dict[str, Any] | hub.Gap = hub.GAP  # the replay
        while True:
            if notices is not None and wake is not hub.GAP and notices.addressed(wake):
                if isinstance(wake.get("sequence"), int) and wake["sequence"] > last:
                    # The graduate's own rows numbered before it may still be on their way: read them first,
                    # so resuming after the notice's cursor skips none.
                    complete = False
                    while not complete:
                        rows, complete = await _read(ctx, last, None, below=wake["sequence"])
                        for row in rows:
                            last = own = row.sequence
                            yield row
                    item = notices.item(wake)
                    last = item.sequence
                    yield item
            elif (carried := _carried(wake, recipient, last, own)) is not None:
                for row in carried:
                    last = own = row.sequence
                    yield row
            elif _may_add(wake, audience, last):
                complete = False
                while not complete:
                    rows, complete = await _read(ctx, last, notices)
                    for row in rows:
                        last = row.sequence
                        if getattr(row, "notice_id", None) is None:
                            own = row.sequence
                        yield row
            try:
                wake = await anext(events)
            except hub.SubscriberTooSlow:
                raise DomainError(ErrorCode.SUBSCRIBER_TOO_SLOW) from None
