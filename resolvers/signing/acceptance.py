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

from models import Agreement, Employer, Graduate, Major, SigningInvitation, codes
from resolvers import agreement_numbers, audit, authz, deferred_rows, events, transaction, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.national import snapshots
from resolvers.national import sync as national_sync
from resolvers.review.open import audit_review_opened, open_review
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
    # The mutation runs outside one transaction (an expiry above stays committed), so the audit entries and
    # events are batched here: one INSERT per table as the transaction's last statements.
    async with transaction.joined(), deferred_rows.collect():
        if not confirm:
            return await _open_confirmation(ctx, invitation), None
        return await _sign(ctx, invitation)


def _viewers_row(ctx: Context, graduate_id: int) -> Graduate | None:
    """The graduate as authentication read them for this request (no second read of the same row)."""
    row = ctx.viewer.row
    return row if isinstance(row, Graduate) and row.id == graduate_id else None


async def _open_confirmation(ctx: Context, invitation: SigningInvitation) -> SigningInvitation:
    graduate = _viewers_row(ctx, invitation.graduate_id) or await Graduate.get(id=invitation.graduate_id)
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


async def _sign(ctx: Context, invitation: SigningInvitation) -> tuple[SigningInvitation, Agreement]:
    now = clock.now()
    graduate = await Graduate.select_for_update().get(id=invitation.graduate_id)
    # The major with its school in one read (the school's signing date, review levels and name for the terms).
    major = await Major.filter(id=graduate.major_id).select_related("department__school").get()
    # The invitation is not read again under the lock: a racing acceptance that committed while this one waited
    # is seen by the active-agreement check below, and any other change of state by the transition's conditional
    # UPDATE (STALE_STATE); its terms cannot change while it is pending.
    school = major.department.school if major.department.school_id == graduate.school_id else None
    school = await eligibility.ensure_may_accept(graduate, school)
    opened = invitation.confirmation_opened_at
    if opened is None or now - opened > CONFIRMATION_WINDOW:
        raise DomainError(ErrorCode.CONFIRMATION_EXPIRED, field="confirm")
    await workflow.apply(ctx, SIGNING_INVITATION, invitation, "accept", changes={"answered_at": now},
                         department_id=graduate.department_id)
    employer = await Employer.get(id=invitation.employer_id)
    terms = agreement_terms.freeze(graduate, major, school, employer, invitation)
    try:
        # Numbered at the end (agreement_numbers): the school's numbering row is locked only from there to commit.
        agreement = await Agreement.create(
            number=agreement_numbers.provisional(invitation.id), graduate_id=graduate.id,
            employer_id=employer.id, school_id=school.id, department_id=graduate.department_id,
            invitation_id=invitation.id, active_graduate_id=graduate.id, state="awaiting_review", terms=terms,
            signed_at=now)
    except IntegrityError:
        # Raised, never caught and continued: the transaction is rolled back whole (a PostgreSQL transaction
        # that saw an error accepts no further statement).
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT) from None
    await Graduate.filter(id=graduate.id).update(**_REGISTERED)
    review = await open_review(ctx, "agreement", agreement.id, graduate, employer.id, school=school,
                               new_subject=True, audited=False)
    agreement.number = await agreement_numbers.assign(agreement.id, school, graduate.graduation_year)
    # The audit entries, in the order of the changes (written together at the end, resolvers/deferred_rows.py).
    await audit.record(ctx, AuditAction.AGREEMENT_SIGNED, "agreement", agreement.id, school_id=school.id,
                       department_id=graduate.department_id,
                       after={"number": agreement.number, "state": agreement.state, "invitation_id": invitation.id,
                              "employer_id": employer.id})
    await _audit_destination(ctx, graduate)
    await _queue_destination(graduate, agreement)
    await audit_review_opened(ctx, review)
    await events.review_requested(review, graduate)
    await events.invitation_answered(invitation, graduate, agreement)
    return invitation, agreement


# S9: signing registers "agreement employment" and locks the destination.
_REGISTERED = {"destination_type": codes.AGREEMENT_EMPLOYMENT, "destination_locked": True}


async def _audit_destination(ctx: Context, graduate: Graduate) -> None:
    before = {"destination_type": graduate.destination_type, "destination_locked": graduate.destination_locked}
    await audit.record(ctx, AuditAction.GRADUATE_DESTINATION_REGISTERED, "graduate", graduate.id,
                       school_id=graduate.school_id,
                       department_id=graduate.department_id, before=before, after=_REGISTERED,
                       reason="网上签约，自动登记毕业去向为签就业协议形式就业")


async def _queue_destination(graduate: Graduate, agreement: Agreement) -> None:
    """The national system's destination record (issue 12 §6), built from the rows the signing holds (the graduate
    locked, the agreement numbered): no registration can be approved for a graduate who may sign (S0: their
    destination is awaiting employment and unlocked), so the agreement is what the record reports."""
    for key, value in _REGISTERED.items():
        setattr(graduate, key, value)  # as written above by the UPDATE
    await national_sync.queue_fields(graduate, "destination", snapshots.signed_destination(graduate, agreement))
    await national_sync.withdraw_confirmation(graduate.id)
