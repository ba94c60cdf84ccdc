"""Review decisions (S10, R2, R3, T4): a department's first review, then the school's final one.

The review moves first, by a conditional update: of racing decisions exactly one is recorded and applied,
the others get STALE_STATE.
"""

from __future__ import annotations

from models import Graduate, Review, ReviewDecision, School
from resolvers import authz, events, record_changes, workflow
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.review import subjects
from resolvers.review.subjects import Subject
from resolvers.states import REVIEW
from resolvers.viewer import Role
from server import clock

LEVEL_STATE = {"department": "pending_department", "school": "pending_school"}
CLOSED = ("approved", "returned", "rejected", "withdrawn")


async def decide_review(ctx: Context, review_id: int, decision: str, reason: str | None,
                        fields_to_fix: list[str] | None) -> Review:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    review = await Review.get_or_none(id=review_id)
    if review is None or not authz.works_at_school(viewer, review.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="reviewId")
    school = await School.get(id=review.school_id)
    level = authz.review_level(viewer, review, school.review_levels)
    if level is None:
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只能审核本院系的申请；本校为学校一级审核时由学校管理员审核",
                          "reviewId")
    _check_turn(review, level)
    reason = (reason or "").strip()
    subject = subjects.of(review.subject_type)
    fields = _check_decision(subject, decision, reason, fields_to_fix or [])

    previous = review.state
    closes = REVIEW.next_state(review.state, decision) in CLOSED
    await workflow.apply(ctx, REVIEW, review, decision, reason=reason,
                         changes={"decided_at": clock.now()} if closes else None)
    await ReviewDecision.create(review_id=review.id, level=level, decision=decision, reason=reason,
                                fields_to_fix=fields, staff_id=viewer.id)
    graduate = await Graduate.get(id=review.graduate_id)
    agreement = await subject.agreement(review)
    if not closes:
        # First review passed: the row now waits in the school admin's queue, and the parties learn so.
        await events.review_requested(review, graduate, previous_state=previous)
        await subject.advance(ctx, review, agreement)
    else:
        await subject.settle(ctx, review, decision, reason, fields)
    if not subject.changes_record:
        return review
    # X3: a teacher's decision changes the graduate's signing or destination record; they are told by SMS too.
    await events.record_changed(graduate, f"{review.subject_type}_{decision if closes else 'advanced'}", reason,
                                await record_changes.of_decision(review, previous, agreement, graduate),
                                agreement=agreement)
    return review


def _check_turn(review: Review, level: str) -> None:
    """A level acts on its own step; a step already passed means someone else decided first."""
    if review.state == LEVEL_STATE[level]:
        return
    if level == "school" and review.state == "pending_department":
        raise DomainError(ErrorCode.PERMISSION_DENIED, "须先由院系初审，再由学校终审", "reviewId")
    raise DomainError(ErrorCode.STALE_STATE, field="reviewId")


def _check_decision(subject: Subject, decision: str, reason: str, fields_to_fix: list[str]) -> list[str]:
    """R3: rejecting or returning needs a reason; returning names the subject's fields to fix."""
    errors = ErrorCollector()
    if decision in ("return", "reject") and not reason:
        errors.add(ErrorCode.REASON_REQUIRED, "reason", subject.reason_message)
    if decision == "approve" and subject.approval_comment and not reason:
        errors.add(ErrorCode.REASON_REQUIRED, "reason", subject.approval_comment)
    fields: list[str] = []
    if decision == "return":
        if subject.check_fields is None:
            errors.add(ErrorCode.INVALID_INPUT, "decision", "解约申请只能同意或不同意，不能退回修改")
        elif not fields_to_fix:
            errors.add(ErrorCode.FIELDS_REQUIRED, "fieldsToFix")
        else:
            fields = errors.check(subject.check_fields, fields_to_fix, "fieldsToFix") or []
    errors.raise_if_any()
    return fields
