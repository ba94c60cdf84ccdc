"""`signingInvitationChanged`: a party's own signing invitations as they change (S4, S5, S6, issue 8.2).

An employer hears its invitations answered (accepted, declined), expired unanswered, or withdrawn (from another
of its pages); a graduate hears invitations received, expired, withdrawn by the employer, and answerable again
once they are free to sign (each pending one). Every change carries the invitation re-read through the lists'
own scope, as the queries return it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from models import SigningInvitation
from resolvers import authz, event_stream
from resolvers.context import Context
from resolvers.loaders import Loaders
from resolvers.outbox import EventKind
from resolvers.viewer import Role, Viewer

RECEIVED, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN, ANSWERABLE = (
    "received", "accepted", "declined", "expired", "withdrawn", "answerable")

_GRADUATE_HEARS = {EventKind.INVITATION_RECEIVED: RECEIVED, EventKind.INVITATION_EXPIRED: EXPIRED,
                   EventKind.INVITATION_WITHDRAWN: WITHDRAWN}
_EMPLOYER_HEARS = {EventKind.INVITATION_WITHDRAWN: WITHDRAWN}
_ANSWERED = {"accepted": ACCEPTED, "declined": DECLINED, "expired": EXPIRED}


@dataclass
class InvitationChange:
    change: str
    invitation: SigningInvitation
    sequence: int


async def invitation_changes(ctx: Context) -> AsyncIterator[InvitationChange]:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE, Role.EMPLOYER)
    channel = f"{'graduate' if viewer.role is Role.GRADUATE else 'employer'}:{viewer.id}"
    async for message in event_stream.follow(channel):
        for change in await _changes(viewer, message):
            # One context for the whole connection: fresh loaders per event, or an earlier event's rows are reused.
            ctx.loaders = Loaders()
            yield change


def _what(viewer: Viewer, kind: EventKind, payload: dict[str, Any]) -> tuple[str, list[int]] | None:
    if viewer.role is Role.GRADUATE:
        if kind is EventKind.INVITATIONS_ANSWERABLE:
            return ANSWERABLE, list(payload.get("invitationIds") or [])
        what = _GRADUATE_HEARS.get(kind)
    elif kind is EventKind.INVITATION_ANSWERED:
        what = _ANSWERED.get(payload.get("state"))
    else:
        what = _EMPLOYER_HEARS.get(kind)
    return (what, [payload.get("invitationId")]) if what else None


async def _changes(viewer: Viewer, message: dict[str, Any]) -> list[InvitationChange]:
    try:
        kind = EventKind(message.get("kind"))
    except ValueError:
        return []
    found = _what(viewer, kind, message.get("payload") or {})
    if found is None:
        return []
    what, ids = found
    rows = await authz.scope_invitations(viewer, SigningInvitation.filter(id__in=[i for i in ids if i])
                                         ).order_by("id")
    if what == ANSWERABLE:
        # One answered or expired meanwhile is not answerable any more.
        rows = [r for r in rows if r.state == "pending"]
    return [InvitationChange(what, row, message["sequence"]) for row in rows]
