"""Closing the open review of a subject that went away (a withdrawn termination, an agreement voided)."""

from __future__ import annotations

from models import Review
from resolvers import workflow
from resolvers.context import Context
from resolvers.states import REVIEW
from server import clock

PENDING = ("pending_department", "pending_school")


async def close_pending_reviews(ctx: Context, subject_type: str, subject_id: int, reason: str = "") -> None:
    for review in await Review.filter(subject_type=subject_type, subject_id=subject_id, state__in=PENDING):
        await workflow.apply(ctx, REVIEW, review, "withdraw", changes={"decided_at": clock.now()},
                             reason=reason)
