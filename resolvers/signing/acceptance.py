"""Accepting a signing invitation (S5, S7, S8, S9).

S7: a first call opens a 60-second confirmation, a second call within it signs. Signing happens in one
transaction with the graduate's row locked (real on PostgreSQL), S0 and S11 checked again under the lock, and the
unique `agreement.active_graduate` as the database's own guarantee of one active agreement per graduate.

S5, after a rejection by the school: the graduate's other invitations were never touched, so once the
agreement stops being active they can be answered again until their own deadline. A graduate who was
refused on a data error keeps the offers still open to them instead of having to ask every employer again.
"""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Agreement, Employer, Graduate, Major, School, SigningInvitation, codes
from resolvers import audit, authz, events, workflow
from resolvers.agreement_numbers import next_number
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.open import open_review
from resolvers.signing import agreement_terms, answers, eligibility
from resolvers.states import SIGNING_INVITATION
from resolvers.viewer import Role
from server import clock

CONFIRMATION_WINDOW = dt.timedelta(seconds=60)


def confirmation_expires_at(invitation: SigningInvitation) -> dt.datetime | None:
    opened = invitation.confirmation_opened_at
    return opened + CONFIRMATION_WINDOW if opened else None


async def accept(ctx: Context, invitation_id: int, confirm: bool) -> tuple[SigningInvitation, Agreement | None]:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    invitation = await answers.load(ctx, invitation_id, authz.owns_graduate_row)
    async with in_transaction():
        if not confirm:
            return await _open_confirmation(ctx, invitation), None
        return await _sign(ctx, invitation.id)


async def _open_confirmation(ctx: Context, invitation: SigningInvitation) -> SigningInvitation:
    graduate = await Graduate.get(id=invitation.graduate_id)
    await eligibility.ensure_may_accept(graduate)
    SIGNING_INVITATION.next_state(invitation.state, "accept")  # refuses an answered invitation early
    now = clock.now()
    if await SigningInvitation.filter(id=invitation.id, state="pending").update(confirmation_opened_at=now) != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    await audit.record(ctx, AuditAction.SIGNING_INVITATION_CONFIRMATION_OPENED, "signing_invitation", invitation.id,
                       school_id=invitation.school_id, department_id=graduate.department_id,
                       before={"confirmation_opened_at": invitation.confirmation_opened_at},
                       after={"confirmation_opened_at": now})
    invitation.confirmation_opened_at = now
    return invitation


async def _sign(ctx: Context, invitation_id: int) -> tuple[SigningInvitation, Agreement]:
    now = clock.now()
    invitation = await SigningInvitation.get(id=invitation_id)
    graduate = await Graduate.select_for_update().get(id=invitation.graduate_id)
    # Read again under the lock: a racing acceptance may have committed while this one waited.
    await invitation.refresh_from_db()
    await eligibility.ensure_may_accept(graduate)
    opened = invitation.confirmation_opened_at
    if opened is None or now - opened > CONFIRMATION_WINDOW:
        raise DomainError(ErrorCode.CONFIRMATION_EXPIRED, field="confirm")
    await workflow.apply(ctx, SIGNING_INVITATION, invitation, "accept", changes={"answered_at": now},
                         department_id=graduate.department_id)
    employer = await Employer.get(id=invitation.employer_id)
    school = await School.get(id=graduate.school_id)
    terms = agreement_terms.freeze(graduate, await Major.get(id=graduate.major_id), school, employer, invitation)
    try:
        agreement = await Agreement.create(
            number=await next_number(school, graduate.graduation_year), graduate_id=graduate.id,
            employer_id=employer.id, school_id=school.id, department_id=graduate.department_id,
            invitation_id=invitation.id, active_graduate_id=graduate.id, state="awaiting_review", terms=terms,
            signed_at=now)
    except IntegrityError:
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT) from None
    await audit.record(ctx, AuditAction.AGREEMENT_SIGNED, "agreement", agreement.id, school_id=school.id,
                       department_id=graduate.department_id,
                       after={"number": agreement.number, "state": agreement.state, "invitation_id": invitation.id,
                              "employer_id": employer.id})
    await _register_destination(ctx, graduate)
    await open_review(ctx, "agreement", agreement.id, graduate, employer.id)
    await events.invitation_answered(invitation, graduate, agreement)
    return invitation, agreement


async def _register_destination(ctx: Context, graduate: Graduate) -> None:
    """S9: signing registers "agreement employment" and locks the destination."""
    before = {"destination_type": graduate.destination_type, "destination_locked": graduate.destination_locked}
    after = {"destination_type": codes.AGREEMENT_EMPLOYMENT, "destination_locked": True}
    await Graduate.filter(id=graduate.id).update(**after)
    await audit.record(ctx, AuditAction.GRADUATE_DESTINATION_REGISTERED, "graduate", graduate.id,
                       school_id=graduate.school_id,
                       department_id=graduate.department_id, before=before, after=after,
                       reason="网上签约，自动登记毕业去向为签就业协议形式就业")
