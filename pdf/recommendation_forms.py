"""The approved recommendation form as a PDF (issue 12 §4): the agreement's renderer, fonts and seal; a table of
the form's fields, the department's comment and the school's, and the school's stamp block.

Rendered on first download of an approved version and stored; `stored_document(form)` is what later downloads
serve, until the graduate reopens the form (a new version).
"""

from __future__ import annotations

import asyncio
import html
from functools import lru_cache
from string import Template

from models import RecommendationForm, StoredFile
from pdf import document, seal, system
from pdf.agreements import _rendering
from resolvers import files
from server import clock, crypto

PURPOSE = "recommendation_form_pdf"
NO_COMMENT = "（本校为学校一级审核）"


@lru_cache
def _template() -> Template:
    return Template((document.TEMPLATES / "recommendation_form.html").read_text(encoding="utf-8"))


@lru_cache
def _css():
    return system.weasyprint().CSS(
        string=(document.TEMPLATES / "recommendation_form.css").read_text(encoding="utf-8"),
        font_config=system.font_config())


def title(form: RecommendationForm) -> str:
    record = form.record or {}
    return f"{record.get('school', '')} {record.get('graduationYear', '')}届毕业生就业推荐表"


def fields(form: RecommendationForm) -> dict[str, str]:
    """Display strings for the template: the record as submitted, the graduate's parts, the comments."""
    r, s = form.record or {}, document.shown
    approved = clock.in_platform_zone(form.approved_at) if form.approved_at else None
    return {
        "title": title(form), "version": str(form.version),
        "approved": approved.strftime("%Y-%m-%d") if approved else "",
        "name": s(r.get("name")), "gender": s(r.get("gender")), "birth_date": s(crypto.decrypt(form.birth_date_enc)),
        "ethnicity": s(r.get("ethnicity")), "political_status": s(r.get("politicalStatus")),
        "student_number": s(r.get("studentNumber")), "school": s(r.get("school")),
        "department": s(r.get("department")), "major": s(r.get("major")),
        "education_level": s(r.get("educationLevel")), "graduation_year": s(r.get("graduationYear")),
        "phone": crypto.decrypt(form.phone_enc) or "", "email": form.email,
        "intention": form.intention, "education": form.education, "experience": form.experience,
        "awards": form.awards, "skills": form.skills, "self_evaluation": form.self_evaluation,
        "department_comment": form.department_comment or NO_COMMENT, "school_comment": form.school_comment,
        "stamp_date": f"{approved.year} 年 {approved.month} 月 {approved.day} 日" if approved else "年　　月　　日",
    }


def form_html(values: dict[str, str]) -> str:
    return _template().substitute({k: html.escape(v) if v else document.BLANK for k, v in values.items()})


def render(form: RecommendationForm, *, seal_it: bool = True) -> bytes:
    with _rendering:  # weasyprint's font configuration is shared by the process (pdf/agreements.py)
        weasyprint = system.weasyprint()
        pdf = weasyprint.HTML(string=form_html(fields(form))).write_pdf(stylesheets=[_css()],
                                                                        font_config=system.font_config())
    return seal.seal(pdf, reason="就业推荐表（网签平台签发）") if seal_it else pdf


async def stored_document(form: RecommendationForm) -> StoredFile | None:
    if form.document_id is None or form.document_version != form.version:
        return None
    return await StoredFile.get_or_none(id=form.document_id)


async def render_pdf(form: RecommendationForm) -> bytes:
    """The current version's PDF, rendered off the event loop (about a second)."""
    return await asyncio.to_thread(render, form)


async def store(form: RecommendationForm, data: bytes) -> StoredFile | None:
    """Stores the PDF rendered from `form` as its version's document, in the caller's (short) transaction; None
    when another request stored that version first, or the form is no longer that approved version (the caller
    rolls back, which removes the bytes saved here, and reads the form again)."""
    version = form.version
    stored = await files.save(data, content_type="application/pdf",
                              filename=f"就业推荐表-{(form.record or {}).get('studentNumber', form.id)}-v{version}.pdf",
                              owner_kind="recommendation", owner_id=form.id, purpose=PURPOSE)
    claimed = await RecommendationForm.filter(id=form.id, version=version, state="approved",
                                              document_version__lt=version).update(document_id=stored.id,
                                                                                   document_version=version)
    if claimed != 1:
        return None
    form.document_id, form.document_version = stored.id, version
    return stored
