"""S4: a pending invitation past its response deadline expires by itself.

Three ways it happens: the periodic sweep of every server process (`run_forever`), reading the invitation,
and answering it. All go through the same conditional transition, so they never expire one twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from tortoise.transactions import in_transaction

from models import Graduate, SigningInvitation
from resolvers import events, workflow
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.states import SIGNING_INVITATION
from resolvers.viewer import SYSTEM
from server import clock

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60
BATCH = 500


async def expire_due(now: dt.datetime, **scope) -> int:
    """Expire pending invitations past their deadline, optionally only those matching `scope` filters.
    Each in its own transaction, so one lost race does not undo the others."""
    ctx = Context(viewer=SYSTEM)
    now = clock.in_platform_zone(now)
    expired = 0
    rows = await SigningInvitation.filter(state="pending", deadline__lte=now, **scope).order_by("id").limit(BATCH)
    for row in rows:
        try:
            async with in_transaction():
                await workflow.apply(ctx, SIGNING_INVITATION, row, "expire", changes={"answered_at": now},
                                     reason="超过应约截止时间未答复")
                await events.invitation_answered(row, await Graduate.get(id=row.graduate_id))
                await events.invitation_expired(row)
        except DomainError as e:
            if e.code is not ErrorCode.STALE_STATE:
                raise
            # answered or expired by someone else in the meantime
            continue
        expired += 1
    return expired


async def refuse_if_expired(invitation: SigningInvitation) -> None:
    """Before answering: an invitation past its deadline is expired first (committed), then refused."""
    now = clock.now()
    if invitation.state == "pending" and invitation.deadline <= now:
        await expire_due(now, id=invitation.id)
        invitation.state = "expired"
    if invitation.state == "expired":
        raise DomainError(ErrorCode.INVITATION_EXPIRED, field="id")


async def run_forever() -> None:
    while True:
        try:
            while await expire_due(clock.now()) == BATCH:
                pass
        except Exception:
            log.exception("signing invitation expiry sweep failed")
        await asyncio.sleep(SWEEP_SECONDS)
