"""Entering an offline (F1) or paper (F2) agreement, withdrawing it before review and submitting it again.

The graduate's row is locked while the agreement is created, as in an online acceptance, and the unique
`agreement.active_graduate` is the database's own guarantee of one active agreement per graduate (S5) whatever
the method: an online acceptance racing an offline application, or two applications, make exactly one.
"""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from models import Agreement, AgreementUploadLink, Graduate, Review, ReviewDecision, School
from resolvers import agreement_numbers, audit, authz, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.offline import content, fields, stamped
from resolvers.review.close import close_pending_reviews
from resolvers.review.open import audit_review_opened, open_review
from resolvers.signing import eligibility
from resolvers.states import OFFLINE_AGREEMENT
from resolvers.viewer import Role
from server import clock

FIRST_STATE = {"offline": "content_review", "paper": "signing_review"}
# Where the graduate may change the content: before the content review of an offline agreement; a paper
# agreement has no content review, so before its signing review.
CONTENT_EDITABLE = {"offline": ("content_withdrawn", "content_returned"),
                    "paper": ("signing_withdrawn", "signing_returned")}
RESUBMITTABLE = ("content_withdrawn", "content_returned", "signing_withdrawn", "signing_returned")


async def enter(ctx: Context, method: str, employer_input: Any, terms_input: Any, upload: Any = None) -> Agreement:
    """F1 (method offline: the content goes to review) or F2 (paper: with the stamped image, to the signing
    review)."""
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE)
    # The image is read and decoded before the graduate's row is locked: nobody waits on a large upload.
    image = await stamped.read(upload) if method == "paper" else None
    graduate = await Graduate.select_for_update().get(id=viewer.id)
    await eligibility.ensure_may_hold_agreement(graduate)
    filled = await content.frozen(method, graduate, employer_input, terms_input)
    school = await School.get(id=graduate.school_id)
    try:
        agreement = await Agreement.create(
            number=agreement_numbers.provisional_entered(method, graduate.id), graduate_id=graduate.id,
            method=method, employer_id=filled.employer_id, school_id=school.id,
            department_id=graduate.department_id, active_graduate_id=graduate.id, state=FIRST_STATE[method],
            terms=filled.terms, signed_at=clock.now())
    except IntegrityError:
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT) from None  # rolled back whole, never continued
    if image is not None:
        agreement.stamped_file_id = (await stamped.store(image, agreement)).id
        await Agreement.filter(id=agreement.id).update(stamped_file_id=agreement.stamped_file_id)
    review = await open_review(ctx, "agreement", agreement.id, graduate, agreement.employer_id, school=school,
                               new_subject=True, audited=False)
    agreement.number = await agreement_numbers.assign(agreement.id, school, graduate.graduation_year)
    await audit.record(ctx, AuditAction.AGREEMENT_REGISTERED, "agreement", agreement.id, school_id=school.id,
                       department_id=graduate.department_id,
                       after={"number": agreement.number, "method": method, "state": agreement.state,
                              "employer_id": agreement.employer_id, "stamped_file_id": agreement.stamped_file_id})
    await audit_review_opened(ctx, review)
    await events.review_requested(review, graduate)
    return agreement


async def own(ctx: Context, agreement_id: int) -> Agreement:
    """The viewer's own offline or paper agreement, locked for the change that follows."""
    authz.require_role(ctx.viewer, Role.GRADUATE)
    agreement = await Agreement.select_for_update().get_or_none(id=agreement_id)
    if agreement is None or not authz.owns_graduate_row(ctx.viewer, agreement):
        raise DomainError(ErrorCode.NOT_FOUND, field="agreementId")
    if agreement.method == "online":
        raise DomainError(ErrorCode.INVALID_STATE, "网上签约的协议请按退回意见修改后重新提交", "agreementId")
    return agreement


async def upload_stamped(ctx: Context, agreement_id: int, upload: Any) -> Agreement:
    """F1 "本人回传协议书": the graduate hands in the stamped agreement once the content was approved."""
    agreement = await own(ctx, agreement_id)
    if agreement.state != "awaiting_stamp":
        OFFLINE_AGREEMENT.next_state(agreement.state, "upload")  # INVALID_STATE naming the state
    return await stamped.hand_in(ctx, agreement, await stamped.read(upload))


async def send_upload_link(ctx: Context, agreement_id: int) -> tuple[Agreement, AgreementUploadLink]:
    """F1 "用人单位协助回传协议书"."""
    agreement = await own(ctx, agreement_id)
    return agreement, await stamped.send_link(ctx, agreement)


async def withdraw(ctx: Context, agreement_id: int) -> Agreement:
    """Before a review (seed 004 §4.1, §5.1 "撤回修改"): once a reviewer decided on the round, it is too late."""
    agreement = await own(ctx, agreement_id)
    OFFLINE_AGREEMENT.next_state(agreement.state, "withdraw")
    review = await Review.filter(subject_type="agreement", subject_id=agreement.id).order_by("-round").first()
    if review is not None and await ReviewDecision.filter(review_id=review.id).exists():
        raise DomainError(ErrorCode.INVALID_STATE, "学校（院系）已开始审核，不能撤回", "agreementId")
    await close_pending_reviews(ctx, "agreement", agreement.id, "毕业生撤回修改")
    return await workflow.apply(ctx, OFFLINE_AGREEMENT, agreement, "withdraw")


async def resubmit(ctx: Context, agreement_id: int, employer_input: Any, terms_input: Any,
                   upload: Any) -> Agreement:
    """After a withdrawal or a return: the content (where it may still change) and the stamped image replaced
    as given, then a new review round."""
    agreement = await own(ctx, agreement_id)
    OFFLINE_AGREEMENT.next_state(agreement.state, "submit")
    graduate = await Graduate.get(id=agreement.graduate_id)
    changes: dict[str, Any] = {"returned_fields": []}
    if employer_input is not None or terms_input is not None:
        if agreement.state not in CONTENT_EDITABLE[agreement.method]:
            raise DomainError(ErrorCode.FIELD_READ_ONLY, "协议内容已审核通过，只能重新回传盖章的协议书", "agreement")
        if employer_input is None or terms_input is None:
            raise DomainError(ErrorCode.REQUIRED, "请完整填写单位信息与协议条款", "agreement")
        filled = await content.frozen(agreement.method, graduate, employer_input, terms_input)
        changes.update(terms=filled.terms, employer_id=filled.employer_id)
    elif agreement.state in ("content_returned",):
        raise DomainError(ErrorCode.REQUIRED, "请按退回意见修改协议信息后再提交", "agreement")
    if upload is not None:
        if agreement.state.startswith("content_"):
            raise DomainError(ErrorCode.INVALID_INPUT, "协议信息审核通过后再回传盖章的协议书", "stampedAgreement")
        changes["stamped_file_id"] = (await stamped.store(await stamped.read(upload), agreement)).id
    elif fields.STAMPED in (agreement.returned_fields or []):
        raise DomainError(ErrorCode.REQUIRED, "学校要求重新回传盖章的协议书", "stampedAgreement")
    before = {k: getattr(agreement, k) for k in changes if k != "terms"}
    await audit.record(ctx, AuditAction.AGREEMENT_EDITED, "agreement", agreement.id, school_id=agreement.school_id,
                       department_id=agreement.department_id, before=before,
                       after={k: v for k, v in changes.items() if k != "terms"} | {"terms_changed": "terms" in changes})
    await workflow.apply(ctx, OFFLINE_AGREEMENT, agreement, "submit", changes=changes)
    await open_review(ctx, "agreement", agreement.id, graduate, agreement.employer_id)
    return agreement
