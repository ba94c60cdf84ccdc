"""A graduate's destination registrations (D1-D5, S9): register, edit, submit, recall before review, discard a
draft, void an approved record. Staff may enter one on the graduate's behalf; the graduate then adds the proofs
and submits it (seed 000)."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from models import Agreement, Destination, Graduate
from resolvers import audit, authz, events, record_changes, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.destination import details, proofs
from resolvers.destination.catalog import FIELDS, kind_of
from resolvers.destination.owned import EDITABLE, own
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.close import close_pending_reviews
from resolvers.review.open import open_review
from resolvers.review.release import release_graduate
from resolvers.states import DESTINATION
from resolvers.viewer import Role
from server import clock

SNAPSHOT = ("type", "sub_type", "details")


async def register(ctx: Context, graduate_id: int | None, type_code: str | None, sub_type: str | None,
                   raw: dict[str, Any]) -> Destination:
    """A new draft. `graduate_id`: the graduate staff enter it for; None when graduates register their own."""
    viewer = ctx.viewer
    if viewer.role is Role.GRADUATE:
        graduate = await Graduate.select_for_update().get(id=viewer.id)
        entered_by = "graduate"
    else:
        authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
        graduate = await Graduate.select_for_update().get_or_none(id=graduate_id or 0)
        if graduate is None or not authz.staff_covers(viewer, graduate.school_id, graduate.department_id):
            raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
        entered_by = "staff"
    await ensure_may_register(graduate)
    kind = details.choose(graduate, type_code, sub_type)
    cleaned = details.clean(kind, raw)
    try:
        destination = await Destination.create(
            graduate_id=graduate.id, school_id=graduate.school_id, department_id=graduate.department_id,
            type=kind.type, sub_type=kind.sub_type, details=cleaned, state="draft", active_graduate_id=graduate.id,
            entered_by_kind=entered_by, entered_by_id=viewer.id)
    except IntegrityError:
        raise DomainError(ErrorCode.DESTINATION_OPEN, field="type") from None
    await audit.record(ctx, AuditAction.DESTINATION_REGISTERED, "destination", destination.id,
                       school_id=destination.school_id, department_id=destination.department_id,
                       after={**audit.snapshot(destination, SNAPSHOT), "entered_by": entered_by})
    if entered_by == "staff":
        # X3: a teacher changed the graduate's destination record.
        await events.record_changed(graduate, "destination_entered", _summary(destination))
    return destination


async def ensure_may_register(graduate: Graduate) -> None:
    """S9: an online signing registered the destination and locked it; one open registration at a time (D3, D4)."""
    if await Agreement.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT, "已网签的毕业生毕业去向由网签自动登记，不能另行登记", "type")
    if await Destination.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.DESTINATION_OPEN, field="type")
    if graduate.destination_locked:
        raise DomainError(ErrorCode.DESTINATION_LOCKED, field="type")


async def update(ctx: Context, destination_id: int, type_code: str | None, sub_type: str | None,
                 raw: dict[str, Any]) -> Destination:
    """The graduate edits a draft or returned record; staff of the graduate's scope one they may change (X3)."""
    destination = await _editable(ctx, destination_id)
    graduate = await Graduate.get(id=destination.graduate_id)
    kind = details.choose(graduate, type_code, sub_type)
    await change_fields(ctx, destination, graduate, kind, details.clean(kind, raw), AuditAction.DESTINATION_UPDATED,
                  "destination_updated")
    return destination


async def change_fields(ctx: Context, destination: Destination, graduate: Graduate, kind, cleaned: dict[str, Any],
                        action: AuditAction, change: str) -> None:
    """Saves a new type and fields; a teacher's change is announced to the graduate (X3, R4)."""
    before = audit.snapshot(destination, SNAPSHOT)
    values = {"type": kind.type, "sub_type": kind.sub_type, "details": cleaned}
    updated = await Destination.filter(id=destination.id, state=destination.state).update(**values)
    if updated != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    for key, value in values.items():
        setattr(destination, key, value)
    await audit.record(ctx, action, "destination", destination.id, school_id=destination.school_id,
                       department_id=destination.department_id, before=before, after=values)
    if ctx.viewer.role is not Role.GRADUATE:
        # X3 (R4): every change a teacher makes is announced to the graduate, naming what changed.
        await events.record_changed(graduate, change, changed_fields(before, values), field_changes(before, values))


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What X3 tells the graduate changed, each field's value before and after."""
    lines = []
    if (before["type"], before["sub_type"]) != (after["type"], after["sub_type"]):
        lines.append(record_changes.line("毕业去向", before["sub_type"] or before["type"],
                                         after["sub_type"] or after["type"]))
    old, new = before.get("details") or {}, after.get("details") or {}
    for key in dict.fromkeys([*old, *new]):
        if old.get(key) != new.get(key):
            label = FIELDS[key].label if key in FIELDS else key
            lines.append(record_changes.line(label, _text(old.get(key)), _text(new.get(key))))
    return lines


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> str:
    names = []
    if (before["type"], before["sub_type"]) != (after["type"], after["sub_type"]):
        names.append("毕业去向")
    old, new = before.get("details") or {}, after.get("details") or {}
    for key in dict.fromkeys([*old, *new]):
        if old.get(key) != new.get(key):
            names.append(FIELDS[key].label if key in FIELDS else key)
    return "修改了：" + "、".join(names) if names else "信息未变"


async def submit(ctx: Context, destination_id: int) -> Destination:
    """To review (R2): the type's required fields were checked when saved; the proofs are checked here."""
    destination = await own(ctx, destination_id)
    graduate = await Graduate.select_for_update().get(id=destination.graduate_id)
    if await Agreement.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.HAS_ACTIVE_AGREEMENT, "已网签的毕业生毕业去向由网签自动登记，不能另行登记", "id")
    kind = kind_of(destination.type, destination.sub_type)
    await proofs.ensure_enough(kind, destination)
    await workflow.apply(ctx, DESTINATION, destination, "submit",
                         changes={"submitted_at": clock.now(), "returned_fields": []})
    await open_review(ctx, "destination", destination.id, graduate)
    return destination


async def recall(ctx: Context, destination_id: int) -> Destination:
    """撤回修改: back to a draft while no reviewer has decided (seed 004 §6.1); the open review closes."""
    destination = await own(ctx, destination_id)
    await workflow.apply(ctx, DESTINATION, destination, "recall")
    await close_pending_reviews(ctx, "destination", destination.id, "毕业生撤回修改")
    return destination


async def discard(ctx: Context, destination_id: int) -> Destination:
    """A draft or returned record the graduate no longer wants: it stays, 已删除, as history, and no longer counts
    as their open registration."""
    destination = await own(ctx, destination_id)
    await workflow.apply(ctx, DESTINATION, destination, "discard", changes={"active_graduate_id": None})
    return destination


async def void(ctx: Context, destination_id: int, reason: str | None) -> Destination:
    """D4: the graduate voids an approved record to sign or register another; no review, recorded in the audit
    log and kept, voided, in the school's list."""
    destination = await own(ctx, destination_id)
    await workflow.apply(ctx, DESTINATION, destination, "void", reason=(reason or "").strip(),
                         changes={"voided_at": clock.now(), "active_graduate_id": None})
    await release_graduate(ctx, destination.graduate_id, AuditAction.GRADUATE_RELEASED,
                           reason=(reason or "").strip(), cause="destination_voided")
    return destination


async def void_on_unlock(ctx: Context, graduate_id: int, reason: str) -> None:
    """T5: the school's unlock frees the graduate from an approved registration as from an agreement."""
    destination = await Destination.get_or_none(active_graduate_id=graduate_id, state="approved")
    if destination is not None:
        await workflow.apply(ctx, DESTINATION, destination, "void", reason=reason,
                             changes={"voided_at": clock.now(), "active_graduate_id": None})


async def _editable(ctx: Context, destination_id: int) -> Destination:
    viewer = ctx.viewer
    destination = await Destination.get_or_none(id=destination_id)
    if destination is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    if viewer.role is Role.GRADUATE:
        if not authz.owns_graduate_row(viewer, destination):
            raise DomainError(ErrorCode.NOT_FOUND, field="id")
    elif not authz.staff_covers(viewer, destination.school_id, destination.department_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    if destination.state not in EDITABLE:
        if destination.state in ("first_approved", "approved"):
            raise DomainError(ErrorCode.DESTINATION_LOCKED, field="id")
        raise DomainError(ErrorCode.INVALID_STATE,
                          f"当前状态为「{DESTINATION.states[destination.state]}」，不能修改", "id")
    return destination


def _summary(destination: Destination) -> str:
    kind = kind_of(destination.type, destination.sub_type)
    return f"登记了毕业去向：{kind.label if kind else destination.type}"
