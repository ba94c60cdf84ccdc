"""Downloading the approved recommendation form (issue 12 §4): a signed link to its stored PDF, for the graduate
and their school's staff (R2); a form not approved has no PDF to give."""

from __future__ import annotations

from models import RecommendationForm, StoredFile
from pdf import recommendation_forms as pdfs
from resolvers import audit, authz, file_links
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.recommendation_forms.forms import SUBJECT, visible_form
from resolvers.viewer import Role

FIELD = "formId"


async def download(ctx: Context, form_id: int) -> tuple[RecommendationForm, file_links.Link]:
    authz.require_role(ctx.viewer, Role.GRADUATE, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    form = await visible_form(ctx.viewer, form_id, FIELD)
    stored = await _document(ctx, form)
    return form, file_links.link(ctx, stored.id)


async def _document(ctx: Context, form: RecommendationForm) -> StoredFile:
    if form.state != "approved":
        raise DomainError(ErrorCode.RECOMMENDATION_FORM_NOT_APPROVED, field=FIELD)
    stored = await pdfs.stored_document(form)
    if stored is not None:
        return stored
    # The first download of this version renders it; of two at once one stores, the other serves that one.
    stored = await pdfs.render_one(form)
    if stored is not None:
        await audit.record(ctx, AuditAction.RECOMMENDATION_FORM_RENDERED, SUBJECT, form.id,
                           school_id=form.school_id, department_id=form.department_id,
                           after={"version": form.version, "document_id": stored.id})
        return stored
    await form.refresh_from_db()
    if form.state != "approved":
        raise DomainError(ErrorCode.RECOMMENDATION_FORM_NOT_APPROVED, field=FIELD)
    stored = await pdfs.stored_document(form)
    if stored is None:
        raise DomainError(ErrorCode.STALE_STATE, field=FIELD)
    return stored
