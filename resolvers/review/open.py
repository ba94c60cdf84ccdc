"""Opening a review round: where it starts depends on the school's one- or two-level setting (R2)."""

from __future__ import annotations

from models import Graduate, Review, School
from resolvers import audit, events
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from server import clock


def first_state(school: School) -> str:
    return "pending_department" if school.review_levels == 2 else "pending_school"


async def open_review(ctx: Context, subject_type: str, subject_id: int, graduate: Graduate,
                      employer_id: int | None = None, *, school: School | None = None,
                      new_subject: bool = False, audited: bool = True) -> Review:
    """A new round for the subject (round 1, or the next after a return for revision). `school`: the graduate's,
    if the caller has read it; `new_subject`: the subject was created in this transaction, so this is round 1.
    audited=False: the caller writes the audit entry and the event itself (`audit_review_opened`,
    `events.review_requested`), after its own, so the log reads in the order things happened."""
    school = school or await School.get(id=graduate.school_id)
    last = None
    if not new_subject:
        last = await Review.filter(subject_type=subject_type, subject_id=subject_id).order_by("-round").first()
    review = await Review.create(
        subject_type=subject_type,
        subject_id=subject_id,
        round=(last.round + 1) if last else 1,
        school_id=graduate.school_id,
        department_id=graduate.department_id,
        graduate_id=graduate.id,
        employer_id=employer_id,
        state=first_state(school),
        submitted_at=clock.now(),
    )
    if audited:
        await audit_review_opened(ctx, review)
        await events.review_requested(review, graduate)
    return review


async def audit_review_opened(ctx: Context, review: Review) -> None:
    await audit.record(ctx, AuditAction.REVIEW_OPENED, "review", review.id, school_id=review.school_id,
                       department_id=review.department_id,
                       after={"subject_type": review.subject_type, "subject_id": review.subject_id,
                              "round": review.round, "state": review.state})
