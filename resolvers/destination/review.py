"""What reviewing does to a destination (D3, R3, R4): a department's first approval locks it, the school's
decision approves, returns or rejects it; a reviewer whose turn it is may correct its type and fields."""

from __future__ import annotations

from typing import Any

from models import Agreement, Destination, Graduate, Review, School
from resolvers import audit, authz, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.destination import details
from resolvers.destination.catalog import FIELD_NAMES
from resolvers.destination.records import change_fields
from resolvers.errors import DomainError, ErrorCode
from resolvers.national import sync as national_sync
from resolvers.states import DESTINATION
from resolvers.viewer import Role
from server import clock

# What a return may ask to fix: the type, any field of the catalog, or the proofs.
FIXABLE = {"type": "毕业去向", "subType": "具体去向", "proofs": "证明材料",
           **{n: f.label for n, f in FIELD_NAMES.items()}}


def check_fields(names: list[str], field: str) -> list[str]:
    unknown = [n for n in names if n not in FIXABLE]
    if unknown:
        raise DomainError(ErrorCode.INVALID_INPUT, f"不是去向登记中可修改的项目：{'、'.join(unknown)}", field)
    return list(dict.fromkeys(names))


async def advance(ctx: Context, review: Review) -> None:
    """Two-level schools: the department passed it on; from now on the record is locked (D3)."""
    destination = await Destination.get(id=review.subject_id)
    await workflow.apply(ctx, DESTINATION, destination, "advance")


async def settle(ctx: Context, review: Review, decision: str, reason: str, fields: list[str]) -> None:
    destination = await Destination.get(id=review.subject_id)
    if decision == "approve" and await Agreement.filter(active_graduate_id=destination.graduate_id).exists():
        # S9: the graduate signed online while this waited; the signing registered their destination.
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT,
                          "毕业生已网签，网签已登记其毕业去向；本条去向登记请退回或不通过", "reviewId")
    if decision == "approve":
        changes: dict[str, Any] = {"approved_at": clock.now(), "returned_fields": []}
    elif decision == "return":
        changes = {"returned_fields": fields}
    else:
        # 审核不通过: the registration is void; the graduate chooses again (seed 004 §6.2).
        changes = {"active_graduate_id": None}
    await workflow.apply(ctx, DESTINATION, destination, decision, changes=changes, reason=reason)
    if decision == "approve":
        await _register_on_graduate(ctx, destination)
    await events.destination_decided(destination, decision, reason, fields, review)


async def _register_on_graduate(ctx: Context, destination: Destination) -> None:
    """The graduate's destination follows the approved record, locked as an online signing locks it (D3, S9)."""
    graduate = await Graduate.get(id=destination.graduate_id)
    before = audit.snapshot(graduate, ("destination_type", "destination_locked"))
    after = {"destination_type": destination.type, "destination_locked": True}
    await Graduate.filter(id=graduate.id).update(**after)
    await audit.record(ctx, AuditAction.GRADUATE_DESTINATION_REGISTERED, "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id, before=before,
                       after={**after, "destination_id": destination.id})
    await national_sync.queue(graduate.id, "destination")


async def correct(ctx: Context, destination_id: int, type_code: str | None, sub_type: str | None,
                  raw: dict[str, Any]) -> Destination:
    """R4: the reviewer whose turn it is changes the type and fields; recorded with before and after, and the
    graduate is told what changed (X3)."""
    viewer = ctx.viewer
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    destination = await Destination.get_or_none(id=destination_id)
    if destination is None or not authz.works_at_school(viewer, destination.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    review = await Review.filter(subject_type="destination", subject_id=destination.id,
                                 state__in=("pending_department", "pending_school")).first()
    school = await School.get(id=destination.school_id)
    level = authz.review_level(viewer, review, school.review_levels) if review else None
    if review is None:
        raise DomainError(ErrorCode.INVALID_STATE, "只能在审核本条去向登记时修改", "id")
    if level is None:
        raise DomainError(ErrorCode.PERMISSION_DENIED,
                          "只能修改本院系的去向登记；本校为学校一级审核时由学校管理员修改", "id")
    if review.state != ("pending_department" if level == "department" else "pending_school"):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "须在本级审核时修改", "id")
    graduate = await Graduate.get(id=destination.graduate_id)
    kind = details.choose(graduate, type_code, sub_type)
    await change_fields(ctx, destination, graduate, kind, details.clean(kind, raw), AuditAction.DESTINATION_CORRECTED,
                        "destination_corrected")
    return destination
