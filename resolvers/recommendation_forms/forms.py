"""The graduate's recommendation form (issue 12 §4): created from the record and the resume, edited in its free
parts, submitted for review (R2: the school's one or two levels), reopened after a decision to change it."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from models import Graduate, RecommendationForm, School
from resolvers import audit, authz, validation, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.recommendation_forms import content
from resolvers.review.open import open_review
from resolvers.states import RECOMMENDATION_FORM
from resolvers.viewer import Role, Viewer
from server import clock, crypto

SUBJECT = "recommendation_form"
EDITABLE_STATES = ("draft", "returned")
# What the audit entry of an edit shows; the phone is personal data, so only whether it changed.
AUDITED = ("email", *content.FREE)


async def own_form(viewer: Viewer) -> RecommendationForm | None:
    authz.require_role(viewer, Role.GRADUATE)
    return await RecommendationForm.get_or_none(graduate_id=viewer.id)


def visible_forms(viewer: Viewer, state: str | None, department_id: int | None) -> QuerySet[RecommendationForm]:
    """The staff list: a department reviewer's department, a school admin's school (R2)."""
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    qs = authz.scope_by_school(viewer, RecommendationForm.all())
    if state:
        qs = qs.filter(state=state)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs


async def visible_form(viewer: Viewer, form_id: int, field: str = "formId") -> RecommendationForm:
    """The form if the viewer may see it; another party's form is NOT_FOUND (its existence not disclosed)."""
    form = await RecommendationForm.get_or_none(id=form_id)
    if form is None or not authz.can_view_recommendation_form(viewer, form):
        raise DomainError(ErrorCode.NOT_FOUND, field=field)
    return form


async def _own(ctx: Context, form_id: int) -> RecommendationForm:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    return await visible_form(ctx.viewer, form_id, "id")


async def _editable(ctx: Context, form_id: int) -> RecommendationForm:
    form = await _own(ctx, form_id)
    if form.state not in EDITABLE_STATES:
        raise DomainError(ErrorCode.INVALID_STATE,
                          f"推荐表{RECOMMENDATION_FORM.states[form.state]}，不能修改；审核通过或不予推荐后可重新填写")
    return form


async def create(ctx: Context, from_resume: bool = True) -> RecommendationForm:
    """The form, prefilled: the school-held part from the record, the contact and the free parts from the
    record and the resume as they are now; the graduate edits it before submitting."""
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE)
    graduate = await Graduate.get(id=viewer.id)
    if await RecommendationForm.filter(graduate_id=graduate.id).exists():
        raise DomainError(ErrorCode.RECOMMENDATION_FORM_EXISTS)
    values = await content.from_resume(graduate.id) if from_resume else {}
    try:
        form = await RecommendationForm.create(
            graduate_id=graduate.id, school_id=graduate.school_id, department_id=graduate.department_id,
            record=await content.record_of(graduate), birth_date_enc=crypto.encrypt(content.birth_date(graduate)),
            phone_enc=graduate.phone_enc, email=graduate.email or "",
            **values)
    except IntegrityError:  # a second first request, racing this one, created it
        raise DomainError(ErrorCode.RECOMMENDATION_FORM_EXISTS) from None
    await audit.record(ctx, AuditAction.RECOMMENDATION_FORM_CREATED, SUBJECT, form.id, school_id=form.school_id,
                       department_id=form.department_id, after={"state": form.state, **audit.snapshot(form, AUDITED)})
    return form


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The fields given (None: unchanged), checked together; column names as keys."""
    errors = ErrorCollector()
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        field = content.camel(name)
        text = value.strip()
        if name == "phone":
            cleaned["phone_enc"] = crypto.encrypt(errors.check(validation.phone, text, field)) if text else None
        elif name == "email":
            cleaned["email"] = errors.check(validation.email, text, field) if text else ""
        elif len(text) > content.FREE_MAX:
            errors.add(ErrorCode.TOO_LONG, field, f"{content.FREE[name]}不能超过 {content.FREE_MAX} 个字")
        else:
            cleaned[name] = text
    errors.raise_if_any()
    return cleaned


async def update(ctx: Context, form_id: int, values: dict[str, Any]) -> RecommendationForm:
    """The graduate's parts only: the input carries no school-held field (those follow the record, O2)."""
    form = await _editable(ctx, form_id)
    cleaned = _clean(values)
    before = {**audit.snapshot(form, AUDITED), "phone_changed": False}
    phone_changed = "phone_enc" in cleaned and crypto.decrypt(cleaned["phone_enc"]) != crypto.decrypt(form.phone_enc)
    changed = await RecommendationForm.filter(id=form.id, state__in=EDITABLE_STATES).update(**cleaned)
    if changed != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    form.update_from_dict(cleaned)
    await audit.record(ctx, AuditAction.RECOMMENDATION_FORM_UPDATED, SUBJECT, form.id, school_id=form.school_id,
                       department_id=form.department_id, before=before,
                       after={**audit.snapshot(form, AUDITED), "phone_changed": phone_changed})
    return form


async def submit(ctx: Context, form_id: int) -> RecommendationForm:
    """To review: the school-held part is copied again (a correction since creation shows), then the round opens
    at the department or the school as the school chose (R2)."""
    form = await _editable(ctx, form_id)
    errors = ErrorCollector()
    if not crypto.decrypt(form.phone_enc):
        errors.add(ErrorCode.REQUIRED, "phone", "请填写联系电话")
    if not form.self_evaluation.strip():
        errors.add(ErrorCode.REQUIRED, "selfEvaluation", "请填写自我评价")
    errors.raise_if_any()
    graduate = await Graduate.get(id=form.graduate_id)
    school = await School.get(id=graduate.school_id)
    await workflow.apply(ctx, RECOMMENDATION_FORM, form, "submit",
                         changes={"record": await content.record_of(graduate),
                                  **content.birth_date_changes(form, graduate), "submitted_at": clock.now(),
                                  "returned_fields": [], "department_comment": "", "school_comment": ""},
                         school_id=form.school_id, department_id=form.department_id)
    await open_review(ctx, SUBJECT, form.id, graduate, school=school)
    return form


async def reopen(ctx: Context, form_id: int) -> RecommendationForm:
    """An approved or refused form back to a draft, as a new version: the approved PDF no longer serves and
    the comments go, since they recommended the content as it was."""
    form = await _own(ctx, form_id)
    await workflow.apply(ctx, RECOMMENDATION_FORM, form, "reopen",
                         changes={"department_comment": "", "school_comment": "", "approved_at": None},
                         school_id=form.school_id, department_id=form.department_id)
    return form
