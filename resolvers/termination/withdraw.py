"""A graduate withdraws their pending termination request; its review closes with it."""

from __future__ import annotations

from models import Termination
from resolvers import authz, workflow
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.close import close_pending_reviews
from resolvers.states import TERMINATION
from resolvers.viewer import Role


async def withdraw_termination(ctx: Context, termination_id: int) -> Termination:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    termination = await Termination.get_or_none(id=termination_id)
    if termination is None or not authz.owns_graduate_row(ctx.viewer, termination):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    await workflow.apply(ctx, TERMINATION, termination, "withdraw")
    await close_pending_reviews(ctx, "termination", termination.id)
    return termination
