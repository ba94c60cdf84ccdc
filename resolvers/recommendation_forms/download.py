"""Downloading the approved recommendation form (issue 12 §4): a signed link to its stored PDF, for the graduate
and their school's staff (R2); a form not approved has no PDF to give.

The mutation runs outside a transaction (schema/recommendation_forms/download_recommendation_form.py): rendering
takes about a second, and a transaction held open that long would hold its connection and locks for it. The form
is read, the PDF rendered with no transaction open, and then one short transaction stores it, claiming the
version only if no one stored it meanwhile; of two first downloads at once one stores, the other serves that one.
"""

from __future__ import annotations

from models import RecommendationForm, StoredFile
from pdf import recommendation_forms as pdfs
from resolvers import audit, authz, deferred_rows, file_links, transaction
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.recommendation_forms.forms import SUBJECT, visible_form
from resolvers.viewer import Role

FIELD = "formId"


class _Lost(Exception):
    """Another request stored this version first: the transaction rolls back, with the bytes just saved."""


async def download(ctx: Context, form_id: int) -> tuple[RecommendationForm, file_links.Link]:
    authz.require_role(ctx.viewer, Role.GRADUATE, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    form = await visible_form(ctx.viewer, form_id, FIELD)
    stored = await _document(ctx, form)
    return form, file_links.link(ctx, stored.id)


def _approved(form: RecommendationForm) -> None:
    if form.state != "approved":
        raise DomainError(ErrorCode.RECOMMENDATION_FORM_NOT_APPROVED, field=FIELD)


async def _document(ctx: Context, form: RecommendationForm) -> StoredFile:
    _approved(form)
    stored = await pdfs.stored_document(form)
    if stored is not None:
        return stored
    # The first download of this version renders it, with no transaction open.
    data = await pdfs.render_pdf(form)
    try:
        async with transaction.atomic(), deferred_rows.collect():
            stored = await pdfs.store(form, data)
            if stored is None:
                raise _Lost
            await audit.record(ctx, AuditAction.RECOMMENDATION_FORM_RENDERED, SUBJECT, form.id,
                               school_id=form.school_id, department_id=form.department_id,
                               after={"version": form.version, "document_id": stored.id})
        return stored
    except _Lost:
        pass
    await form.refresh_from_db()
    _approved(form)
    stored = await pdfs.stored_document(form)
    if stored is None:  # reopened and approved again meanwhile: this request rendered a version now gone
        raise DomainError(ErrorCode.STALE_STATE, field=FIELD)
    return stored
