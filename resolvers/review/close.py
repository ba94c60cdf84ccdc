"""Closing the open review of a subject that went away (a withdrawn termination, an agreement voided)."""

from __future__ import annotations

from models import Graduate, Review
from resolvers import events, workflow
from resolvers.context import Context
from resolvers.states import REVIEW
from server import clock

PENDING = ("pending_department", "pending_school")


async def close_pending_reviews(ctx: Context, subject_type: str, subject_id: int, reason: str = "") -> None:
    for review in await Review.filter(subject_type=subject_type, subject_id=subject_id, state__in=PENDING):
        previous = review.state
        await workflow.apply(ctx, REVIEW, review, "withdraw", changes={"decided_at": clock.now()},
                             reason=reason)
        # The row leaves a queue someone may be looking at, and sat in their inbox as a request.
        await events.review_withdrawn(review, previous, await Graduate.get(id=review.graduate_id), reason)
