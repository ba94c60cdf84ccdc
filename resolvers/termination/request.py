"""A graduate's termination request (T1-T3); its review starts at the department (T4)."""

from __future__ import annotations

from models import Agreement, Graduate, School, Termination
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.open import open_review
from resolvers.school_dates import label, termination_opens
from resolvers.termination.consent_file import store_consent
from resolvers.viewer import Role
from server import clock


async def request_termination(ctx: Context, agreement_id: int, reason: str, upload) -> Termination:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE)
    agreement = await Agreement.get_or_none(id=agreement_id)
    if agreement is None or not authz.owns_graduate_row(viewer, agreement):
        raise DomainError(ErrorCode.NOT_FOUND, field="agreementId")
    if agreement.state != "approved" or agreement.method != "online":  # T1
        raise DomainError(ErrorCode.NOT_ONLINE_AGREEMENT, field="agreementId")
    # Locks the graduate: two requests at once cannot both pass the checks below.
    graduate = await Graduate.select_for_update().get(id=viewer.id)
    if await Termination.filter(graduate_id=graduate.id, state="requested").exists():
        raise DomainError(ErrorCode.TERMINATION_PENDING, field="agreementId")
    school = await School.get(id=graduate.school_id)
    opens = termination_opens(school, graduate.graduation_year)
    if clock.today() < opens:
        raise DomainError(ErrorCode.TERMINATION_NOT_OPEN,
                          f"学校规定 {label(opens)}起方可申请解约", "agreementId")
    if graduate.terminations_used >= school.max_terminations:
        raise DomainError(ErrorCode.TERMINATION_LIMIT_REACHED,
                          f"解约次数已达学校规定上限（{school.max_terminations} 次）", "agreementId")
    reason = validation.required(reason, "reason", "解约原因")
    consent = await store_consent(upload, graduate)
    termination = await Termination.create(
        agreement_id=agreement.id, graduate_id=graduate.id, school_id=graduate.school_id,
        department_id=graduate.department_id, consent_file_id=consent.id, reason=reason, state="requested",
    )
    await audit.record(ctx, AuditAction.TERMINATION_REQUESTED, "termination", termination.id,
                       school_id=termination.school_id,
                       department_id=termination.department_id, reason=reason,
                       after={"agreement_id": agreement.id, "state": termination.state,
                              "consent_file_id": consent.id})
    await open_review(ctx, "termination", termination.id, graduate, agreement.employer_id)
    return termination
