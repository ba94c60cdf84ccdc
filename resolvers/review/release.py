"""Freeing a graduate: destination back to awaiting employment (70) and unlocked (S10, T4, T5)."""

from __future__ import annotations

from tortoise.expressions import F

from models import Graduate, SigningInvitation
from resolvers import audit, events
from resolvers.context import Context
from resolvers.national import sync as national_sync
from server import clock

AWAITING_EMPLOYMENT = "70"


async def release_graduate(ctx: Context, graduate_id: int, action: str, *, cause: str, reason: str = "",
                           count_termination: bool = False) -> Graduate:
    """`count_termination`: an approved termination uses one of the school's allowance (T3). `cause` names
    what freed the graduate in the event telling them their pending invitations may be answered again."""
    graduate = await Graduate.get(id=graduate_id)
    before = audit.snapshot(graduate, ("destination_type", "destination_locked", "terminations_used"))
    changes: dict = {"destination_type": AWAITING_EMPLOYMENT, "destination_locked": False}
    if count_termination:
        changes["terminations_used"] = F("terminations_used") + 1
    await Graduate.filter(id=graduate_id).update(**changes)
    await graduate.refresh_from_db(fields=["destination_type", "destination_locked", "terminations_used"])
    after = audit.snapshot(graduate, ("destination_type", "destination_locked", "terminations_used"))
    await audit.record(ctx, action, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before=before, after=after, reason=reason)
    await national_sync.queue(graduate.id, "destination")
    # S5: invitations a graduate with an agreement could read but not answer are answerable again.
    reopened = await SigningInvitation.filter(graduate_id=graduate.id, state="pending", deadline__gt=clock.now()
                                              ).order_by("id").values_list("id", flat=True)
    if reopened:
        await events.invitations_answerable(graduate, list(reopened), cause)
    return graduate
