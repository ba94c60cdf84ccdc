"""The reviewers' live queue (R1, R2): what changes in the queue the viewer is looking at, each change with the
row as `reviewQueue` (or `correctionRequests`) reads it, so the console updates the row in place.

The viewer's level is the state their queue lists by default: a department reviewer's `pending_department`, a
school admin's `pending_school`. From the events of their department or school:
- ADDED: a row arrives at the viewer's level: a new signing or termination (round 1), one a department
  passed on (for the school admin), a new correction request;
- CHANGED: a row of the viewer's queue changes but the parties still act on it: returned for revision,
  resubmitted (a new round: `replacesId` names the round it replaces), moved to the school level (for the
  department reviewer);
- REMOVED: approved or rejected (by whoever decided it), withdrawn, closed by an unlock or a termination,
  a correction decided or withdrawn.
A round's closing reaches only those whose level it stood at: a school admin if it got to the school, a
department reviewer if it was before them (one they passed on stays in their console as CHANGED until it closes).
Rows outside the viewer's scope never reach them: the channel is their department's or school's, and every row
is re-read through the queue's own scope before it is sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from models import CorrectionRequest, Department, Review, ReviewDecision
from resolvers import authz, event_stream
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.loaders import Loaders
from resolvers.origin.corrections import visible_corrections
from resolvers.outbox import EventKind
from resolvers.review.queue import QueueFilter, default_state, scoped_reviews
from resolvers.viewer import Role, Viewer

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
CORRECTION = "correction"

_REVIEW_KINDS = {EventKind.REVIEW_REQUESTED, EventKind.REVIEW_DECIDED, EventKind.TERMINATION_DECIDED,
                 EventKind.DESTINATION_DECIDED, EventKind.REVIEW_WITHDRAWN,
                 EventKind.RECOMMENDATION_FORM_DECIDED}
_CORRECTION_KINDS = {EventKind.CORRECTION_REQUESTED: ADDED, EventKind.CORRECTION_DECIDED: REMOVED,
                     EventKind.CORRECTION_WITHDRAWN: REMOVED}


@dataclass
class QueueChange:
    change: str
    kind: str  # agreement / termination / destination / correction
    row_id: int
    sequence: int
    review: Review | None = None
    correction: CorrectionRequest | None = None
    replaces_id: int | None = None


async def channels_of(viewer: Viewer, department_id: int | None) -> list[str]:
    """R2: a department reviewer hears their department; a school admin their school or one of its departments."""
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    if viewer.role is Role.DEPARTMENT_REVIEWER:
        if department_id not in (None, viewer.department_id):
            raise DomainError(ErrorCode.PERMISSION_DENIED, "院系老师只能查看本院系的审核队列", "departmentId")
        return [f"department:{viewer.department_id}"]
    if department_id is None:
        return [f"school:{viewer.school_id}"]
    department = await Department.get_or_none(id=department_id)
    if department is None or department.school_id != viewer.school_id:
        raise DomainError(ErrorCode.NOT_FOUND, field="departmentId")
    return [f"department:{department_id}"]


async def queue_changes(ctx: Context, kind: str | None, department_id: int | None) -> AsyncIterator[QueueChange]:
    viewer = ctx.viewer
    channels = await channels_of(viewer, department_id)
    async for message in event_stream.follow(*channels):
        change = await _change(viewer, message, kind, department_id)
        if change is not None:
            # The websocket's context lives as long as the connection: rows loaded for an earlier event would be
            # served again from its loaders' cache, so each event resolves with fresh ones.
            ctx.loaders = Loaders()
            yield change


async def _change(viewer: Viewer, message: dict[str, Any], kind: str | None,
                  department_id: int | None) -> QueueChange | None:
    try:
        event_kind = EventKind(message.get("kind"))
    except ValueError:
        return None
    payload = message.get("payload") or {}
    if event_kind in _CORRECTION_KINDS:
        if kind not in (None, CORRECTION):
            return None
        rows = visible_corrections(viewer, None).filter(id=payload.get("correctionId"))
        if department_id is not None:
            rows = rows.filter(department_id=department_id)
        row = await rows.first()
        if row is None:
            return None
        return QueueChange(_CORRECTION_KINDS[event_kind], CORRECTION, row.id, message["sequence"], correction=row)
    if event_kind not in _REVIEW_KINDS or payload.get("reviewId") is None or kind == CORRECTION:
        return None
    review = await scoped_reviews(viewer, QueueFilter(subject_type=kind, department_id=department_id)
                                  ).filter(id=payload["reviewId"]).first()
    if review is None:
        return None
    what = _review_change(event_kind, payload, default_state(viewer))
    if what is None or not await _reached(viewer, review, event_kind, payload):
        return None
    replaces = None
    if what != REMOVED and review.round > 1:
        earlier = await Review.filter(subject_type=review.subject_type, subject_id=review.subject_id,
                                      round=review.round - 1).first()
        replaces = earlier.id if earlier else None
    return QueueChange(what, review.subject_type, review.id, message["sequence"], review=review,
                       replaces_id=replaces)


async def _reached(viewer: Viewer, review: Review, kind: EventKind, payload: dict[str, Any]) -> bool:
    """Whether the round ever stood at this viewer's level, so that its closing concerns their console: a school
    admin's only if it got to the school (not one a department rejected, returned or saw withdrawn), a department
    reviewer's only if it was before them (not a round of a one-level school)."""
    if kind is EventKind.REVIEW_REQUESTED:
        return True
    level = default_state(viewer)
    if kind is EventKind.REVIEW_WITHDRAWN and payload.get("previousState") == level:
        return True
    decided_at = set(await ReviewDecision.filter(review_id=review.id).values_list("level", flat=True))
    return ("school" if viewer.role is Role.SCHOOL_ADMIN else "department") in decided_at


def _review_change(kind: EventKind, payload: dict[str, Any], level: str) -> str | None:
    if kind is EventKind.REVIEW_REQUESTED:
        state, previous = payload.get("state"), payload.get("previousState")
        if state == level:
            # A later round opening is the signing resubmitted after a return: the console replaces the row.
            return CHANGED if previous is None and (payload.get("round") or 1) > 1 else ADDED
        return CHANGED if previous == level else None  # passed on from the viewer's level to the school's
    if kind is EventKind.REVIEW_WITHDRAWN:
        return REMOVED
    return CHANGED if payload.get("decision") == "return" else REMOVED
