"""Notification events, written to the outbox inside the transaction that causes them."""

from __future__ import annotations

from typing import Any

from models import OutboxEvent


class EventKind:
    INVITATION_RECEIVED = "invitation.received"
    INVITATION_ANSWERED = "invitation.answered"
    INVITATION_WITHDRAWN = "invitation.withdrawn"  # the employer took back a pending signing invitation
    INTERVIEW_RECEIVED = "interview.received"
    INTERVIEW_ANSWERED = "interview.answered"
    INTERVIEW_RESULT = "interview.result"
    REVIEW_REQUESTED = "review.requested"
    REVIEW_RESULT = "review.result"
    TERMINATION_RESULT = "termination.result"
    CORRECTION_RESULT = "correction.result"
    RECORD_CHANGED = "record.changed"  # a teacher changed the graduate's signing or destination record (X3)
    APPLICATION_RECEIVED = "application.received"  # a graduate applied to the employer's position (S1)
    FRAUD_REPORTED = "fraud.reported"  # a graduate reported a position to their school (X2)


async def emit(
    kind: str,
    subject_type: str,
    subject_id: int | None,
    *,
    school_id: int | None = None,
    department_id: int | None = None,
    graduate_id: int | None = None,
    employer_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> OutboxEvent:
    return await OutboxEvent.create(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        school_id=school_id,
        department_id=department_id,
        graduate_id=graduate_id,
        employer_id=employer_id,
        payload=payload or {},
    )
