"""Sending a signing invitation, the part shared by the three methods (S1, S2, S3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Employer, Graduate, InterviewInvitation, Position, School, SigningInvitation
from resolvers import audit, events
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import ErrorCollector
from resolvers.signing import eligibility, terms
from server import clock

AUDITED_FIELDS = ("method", "state", "deadline", "employer_id", "graduate_id", "position_id", "interview_id",
                  "position_title", "work_location_code", "monthly_salary", "probation_months", "contract_years",
                  "report_date", "supervising_authority", "contact_phone_enc")


async def send(ctx: Context, *, graduate_id: int, employer: Employer, method: str, terms_input: Any,
               deadline: dt.datetime | None, position: Position | None = None,
               interview: InterviewInvitation | None = None, contact_name: str | None = None,
               contact_phone: str | None = None) -> SigningInvitation:
    """Runs inside the mutation's transaction. The graduate row is locked, so two invitations from one
    employer racing each other cannot both pass S6. Any graduate may receive one (S0): whether they may
    accept it is checked when they do."""
    now = clock.now()
    graduate = await Graduate.select_for_update().get(id=graduate_id)
    await eligibility.ensure_may_receive(graduate, employer.id, now)
    school = await School.get(id=graduate.school_id)
    errors = ErrorCollector()
    fields = terms.invitation_fields(
        terms_input, position, has_hiring_autonomy=employer.has_hiring_autonomy,
        default_authority=employer.supervising_authority,
        default_contact_name=contact_name if contact_name is not None else employer.contact_name,
        default_contact_phone=contact_phone, errors=errors)
    due = terms.deadline(school, deadline, now, errors)
    errors.raise_if_any()
    if contact_phone is None and not fields["contact_phone_enc"]:
        fields["contact_phone_enc"] = employer.contact_phone_enc
    invitation = await SigningInvitation.create(
        employer_id=employer.id, graduate_id=graduate.id, school_id=school.id,
        position_id=position.id if position else None, interview_id=interview.id if interview else None,
        method=method, deadline=due, **fields)
    await audit.record(ctx, AuditAction.SIGNING_INVITATION_SENT, "signing_invitation", invitation.id,
                       school_id=school.id,
                       department_id=graduate.department_id, after=audit.snapshot(invitation, AUDITED_FIELDS))
    await events.invitation_received(invitation, employer)
    return invitation
