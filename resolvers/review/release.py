"""Freeing a graduate: destination back to awaiting employment (70) and unlocked (S10, T4, T5)."""

from __future__ import annotations

from tortoise.expressions import F

from models import Graduate
from resolvers import audit
from resolvers.context import Context

AWAITING_EMPLOYMENT = "70"


async def release_graduate(ctx: Context, graduate_id: int, action: str, *, reason: str = "",
                           count_termination: bool = False) -> Graduate:
    """`count_termination`: an approved termination uses one of the school's allowance (T3)."""
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
    return graduate
