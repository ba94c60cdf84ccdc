"""The graduate declines, the employer withdraws: both only while the invitation is pending (S4, S5, S6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.transactions import in_transaction

from models import Graduate, SigningInvitation
from resolvers import authz, events, workflow
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.signing import eligibility, expiry
from resolvers.states import SIGNING_INVITATION
from resolvers.viewer import Role, Viewer
from server import clock


async def load(ctx: Context, invitation_id: int, owned: Callable[[Viewer, Any], bool]) -> SigningInvitation:
    """The invitation if the viewer is its party, expired first if its deadline has passed (committed)."""
    invitation = await SigningInvitation.get_or_none(id=invitation_id)
    if invitation is None or not owned(ctx.viewer, invitation):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    await expiry.refuse_if_expired(invitation)
    return invitation


async def decline(ctx: Context, invitation_id: int, reason: str) -> SigningInvitation:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    invitation = await load(ctx, invitation_id, authz.owns_graduate_row)
    async with in_transaction():
        graduate = await Graduate.get(id=invitation.graduate_id)
        # S5: only the active agreement blocks a decline; a graduate who registered another destination
        # must still be able to say no.
        await eligibility.ensure_no_active_agreement(graduate)
        await workflow.apply(ctx, SIGNING_INVITATION, invitation, "decline",
                             changes={"answered_at": clock.now(), "decline_reason": (reason or "").strip()},
                             department_id=graduate.department_id, reason=(reason or "").strip())
        await events.invitation_answered(invitation, graduate)
    return invitation


async def withdraw(ctx: Context, invitation_id: int) -> SigningInvitation:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    invitation = await load(ctx, invitation_id, authz.owns_employer_row)
    async with in_transaction():
        graduate = await Graduate.get(id=invitation.graduate_id)
        await workflow.apply(ctx, SIGNING_INVITATION, invitation, "withdraw", changes={"answered_at": clock.now()},
                             department_id=graduate.department_id)
        await events.invitation_withdrawn(invitation, ctx.viewer.name)
    return invitation
