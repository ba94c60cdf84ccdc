"""Recording paper agreement forms (F3): the counsellor (the reviewer of the graduate's department, or the
school admin) records the form collected back once the graduate signs online, or a reissue, which voids the form
the graduate held; the graduate is told what changed (X3)."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from models import Agreement, Graduate, PaperForm
from resolvers import audit, authz, events, validation, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.record_changes import line
from resolvers.states import PAPER_FORM
from resolvers.viewer import Role, Viewer
from server import clock

MAX_REASON = 500
_NUMBER = re.compile(r"[0-9A-Za-z-]{1,32}")


def _number(value: str) -> str:
    number = validation.required(value, "number", "协议书编号").upper()
    if not _NUMBER.fullmatch(number):
        raise DomainError(ErrorCode.INVALID_FORMAT, "协议书编号应为 1 至 32 位字母、数字或 -", "number")
    return number


async def _graduate(ctx: Context, graduate_id: int) -> Graduate:
    """The graduate, locked: two teachers recording at once are taken one after the other."""
    authz.require_role(ctx.viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    graduate = await Graduate.select_for_update().get_or_none(id=graduate_id)
    if graduate is None or not authz.handles_paper_forms(ctx.viewer, graduate):
        raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
    return graduate


async def _number_free(graduate: Graduate, number: str) -> None:
    if await PaperForm.filter(school_id=graduate.school_id, number=number).exists():
        raise DomainError(ErrorCode.PAPER_FORM_NUMBER_TAKEN, field="number")


async def _create(ctx: Context, graduate: Graduate, number: str, action: AuditAction, **values) -> PaperForm:
    try:
        form = await PaperForm.create(graduate_id=graduate.id, school_id=graduate.school_id,
                                      department_id=graduate.department_id, number=number,
                                      current_graduate_id=graduate.id, recorded_by_id=ctx.viewer.id, **values)
    except IntegrityError:  # another graduate's form took the number since the check
        raise DomainError(ErrorCode.PAPER_FORM_NUMBER_TAKEN, field="number") from None
    await audit.record(ctx, action, PAPER_FORM.name, form.id, school_id=form.school_id,
                       department_id=form.department_id, after={"number": number, "state": form.state},
                       reason=form.reissue_reason)
    return form


def _label(form: PaperForm) -> str:
    return f"纸质协议书 {form.number}"


async def record_collected(ctx: Context, graduate_id: int, number: str) -> PaperForm:
    """F3: the form the graduate holds comes back once they have signed online. A form issued before the platform
    knew of it is recorded as it comes back."""
    graduate = await _graduate(ctx, graduate_id)
    number = _number(number)
    agreement = await Agreement.get_or_none(active_graduate_id=graduate.id)
    if agreement is None:
        raise DomainError(ErrorCode.PAPER_FORM_NO_AGREEMENT, field="graduateId")
    form = await PaperForm.get_or_none(current_graduate_id=graduate.id)
    if form is None:
        await _number_free(graduate, number)
        form = await _create(ctx, graduate, number, AuditAction.PAPER_FORM_RECORDED)
    elif form.number != number:
        raise DomainError(ErrorCode.PAPER_FORM_NUMBER_MISMATCH,
                          f"该毕业生持有的纸质协议书编号为 {form.number}，与填写的编号不符", "number")
    before = form.state
    await workflow.apply(ctx, PAPER_FORM, form, "collect",
                         changes={"collected_by_id": ctx.viewer.id, "collected_at": clock.now()})
    await events.record_changed(graduate, "paper_form_collected", f"网签就业协议 {agreement.number}，纸质协议书已回收",
                                [line(_label(form), PAPER_FORM.states[before], PAPER_FORM.states[form.state])],
                                agreement=agreement)
    return form


async def reissue(ctx: Context, graduate_id: int, number: str, reason: str | None) -> PaperForm:
    """F3: a new form replaces the one the graduate held (lost, damaged ...), which is voided; refused while an
    online agreement binds the graduate, whose form is to be collected rather than replaced."""
    graduate = await _graduate(ctx, graduate_id)
    number = _number(number)
    text = (reason or "").strip()
    if not text:
        raise DomainError(ErrorCode.REASON_REQUIRED, "补发纸质协议书须填写原因（如遗失、损毁）", "reason")
    if len(text) > MAX_REASON:
        raise DomainError(ErrorCode.INVALID_FORMAT, f"原因不能超过 {MAX_REASON} 个字", "reason")
    if await Agreement.filter(active_graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.PAPER_FORM_SIGNED_ONLINE, field="graduateId")
    await _number_free(graduate, number)
    previous = await PaperForm.get_or_none(current_graduate_id=graduate.id)
    lines = []
    if previous is not None:
        before = previous.state
        await workflow.apply(ctx, PAPER_FORM, previous, "void", reason=text,
                             changes={"current_graduate_id": None, "voided_at": clock.now()})
        lines.append(line(_label(previous), PAPER_FORM.states[before], PAPER_FORM.states[previous.state]))
    form = await _create(ctx, graduate, number, AuditAction.PAPER_FORM_REISSUED, reissue_reason=text,
                         replaces_id=previous.id if previous else None)
    lines.append(line(_label(form), None, f"补发（{PAPER_FORM.states[form.state]}）"))
    await events.record_changed(graduate, "paper_form_reissued", text, lines)
    return form


def visible_forms(viewer: Viewer, collected: bool | None, department_id: int | None) -> QuerySet[PaperForm]:
    """The staff list: forms of the reader's scope (R2); `collected`: collected, or still held (voided ones are
    history and listed only without the filter)."""
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    qs = authz.scope_by_school(viewer, PaperForm.all())
    if collected is not None:
        qs = qs.filter(state="collected" if collected else "issued")
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs


async def own_form(viewer: Viewer) -> PaperForm | None:
    """The form the graduate holds (or handed back), if the school has recorded one."""
    authz.require_role(viewer, Role.GRADUATE)
    return await PaperForm.get_or_none(current_graduate_id=viewer.id)
