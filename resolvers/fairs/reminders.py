"""Issue 12 §2: a configured time before a fair starts (WANGQIAN_FAIR_REMINDER_HOURS, default 24), each
registered graduate gets one reminder event.

Any number of workers run the sweep: each registration is claimed by a conditional UPDATE of its `reminded_at`
(`WHERE reminded_at IS NULL`) in the transaction that writes the event, so of two workers exactly one claims it
and the other skips it. A registration made inside the window is reminded at the next sweep.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from tortoise.transactions import in_transaction

from models import FairRegistration, JobFair, School
from resolvers import audit, events
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.viewer import SYSTEM
from server import clock
from server.settings import get_settings

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60
BATCH = 500


async def remind_due(now: dt.datetime) -> int:
    """Reminds the registered graduates of published fairs starting within the window; returns how many."""
    ctx = Context(viewer=SYSTEM)
    window = dt.timedelta(hours=get_settings().fair_reminder_hours)
    fairs = {f.id: f for f in await JobFair.filter(state="published", starts_at__gt=now,
                                                   starts_at__lte=now + window)}
    if not fairs:
        return 0
    due = await FairRegistration.filter(fair_id__in=list(fairs), state="registered", reminded_at=None) \
        .order_by("id").limit(BATCH)
    schools = dict(await School.filter(id__in={f.school_id for f in fairs.values()}).values_list("id", "name"))
    reminded = 0
    for registration in due:
        fair = fairs[registration.fair_id]
        async with in_transaction():
            claimed = await FairRegistration.filter(id=registration.id, state="registered", reminded_at=None) \
                .update(reminded_at=now)
            if claimed != 1:  # another worker reminded them, or they cancelled, in the meantime
                continue
            await events.fair_reminder(fair, registration.id, registration.graduate_id, schools[fair.school_id])
            await audit.record(ctx, AuditAction.FAIR_REMINDER_SENT, "fair_registration", registration.id,
                               school_id=fair.school_id, before={"remindedAt": None},
                               after={"remindedAt": now.isoformat(), "startsAt": fair.starts_at.isoformat()})
        reminded += 1
    return reminded


async def run_forever() -> None:
    while True:
        try:
            while await remind_due(clock.now()) == BATCH:
                pass
        except Exception:
            log.exception("job fair reminder sweep failed")
        await asyncio.sleep(SWEEP_SECONDS)
