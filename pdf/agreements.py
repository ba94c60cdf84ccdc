"""The agreement's sealed PDF, rendered once per version in the background and stored (issue 10 §2, §5, §8).

`render_pending()` is the job: it renders every approved agreement whose current version has no stored PDF,
one at a time, and is safe to run in several processes at once (a version is stored only while it is still the
current one, and only once). `stored_document(agreement)` is what printing serves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import threading
from typing import Any

from tortoise.expressions import F

from models import Agreement, School, StoredFile
from pdf import document, qr, seal, system, tokens
from resolvers import files
from resolvers.signing.agreement_terms import for_reader
from server import clock

log = logging.getLogger(__name__)
# weasyprint's font configuration is shared by the process and not made for concurrent layouts.
_rendering = threading.Lock()
POLL_SECONDS = 2.0

PURPOSE = "agreement_pdf"
# S8: an approved agreement is printed, so only its versions are rendered; and an offline one (F1) whose content
# the school approved, printed for the employer to stamp (the same document: once its signing is approved, the
# stamped paper's QR code verifies).
PRINTABLE = ("approved", "awaiting_stamp", "signing_review", "signing_withdrawn", "signing_returned")


async def stored_document(agreement: Agreement) -> StoredFile | None:
    """The stored PDF of the agreement's current version; None until it is rendered (or if it no longer stands)."""
    if agreement.document_id is None or agreement.document_version != agreement.version:
        return None
    return await StoredFile.get_or_none(id=agreement.document_id)


def _money(value: Any) -> str:
    return f"{value} 元/月" if value else ""


def _months(value: Any) -> str:
    return "无" if value == 0 else (f"{value} 个月" if value else "")


def fields(agreement: Agreement, school: School) -> dict[str, str]:
    """Display strings for the template, from the frozen terms: the parties' contacts in full (their contract)."""
    terms = for_reader(agreement.terms or {}, sees_graduate_phone=True, sees_employer_phone=True)
    a, b, t = terms.get("partyA") or {}, terms.get("partyB") or {}, terms.get("articles") or {}
    contact = a.get("schoolContact") or {}
    s = document.shown
    autonomy = b.get("hasHiringAutonomy")
    authority = s(b.get("supervisingAuthority") or t.get("supervisingAuthority"))
    if not authority and autonomy:
        authority = "（单位具有用人自主权）"
    work = t.get("workLocation") or {}
    return {
        "title": terms.get("title") or f"{school.name} {terms.get('graduationYear', '')} 届毕业生就业协议书",
        "number": agreement.number,
        "version": str(agreement.version),
        "a_name": s(a.get("name")), "a_gender": s(a.get("gender")), "a_ethnicity": s(a.get("ethnicity")),
        "a_political": s(a.get("politicalStatus")), "a_student_number": s(a.get("studentNumber")),
        "a_education": s(a.get("educationLevel")), "a_training": s(a.get("trainingMode")),
        "a_length": f"{a['lengthOfSchooling']} 年" if a.get("lengthOfSchooling") else "",
        "a_major": s(a.get("major")), "a_school": s(a.get("school") or school.name),
        "a_phone": s(a.get("phone")), "a_qq": s(a.get("qq")), "a_email": s(a.get("email")),
        "a_home": s(a.get("homeAddress")),
        # Frozen at signing; a block the school filled in only later comes from its settings.
        "s_department": s(contact.get("department") or school.contact_department),
        "s_person": s(contact.get("person") or school.contact_person),
        "s_phone": s(contact.get("phone") or school.contact_phone),
        "s_address": s(contact.get("address") or school.address),
        "b_name": s(b.get("name")), "b_uscc": s(b.get("uscc")), "b_contact": s(b.get("contactName")),
        "b_phone": s(b.get("contactPhone")), "b_email": s(b.get("email")), "b_address": s(b.get("address")),
        "b_postcode": s(b.get("postcode")), "b_nature": s(b.get("nature")),
        "b_location": s(b.get("location")), "b_industry": s(b.get("industry")),
        "b_category": s(t.get("jobCategory")), "b_authority": authority,
        "t_position": s(t.get("positionTitle")), "t_location": s(work.get("name") or work.get("code")),
        "t_salary": _money(t.get("monthlySalary")), "t_probation": _months(t.get("probationMonths")),
        "t_contract": f"{t['contractYears']} 年" if t.get("contractYears") else "",
        "t_report": s(t.get("reportDate")), "t_other": s(t.get("otherTerms")),
        "t_breach": s(t.get("breachTerms")) or "无",
        "sign_authority": authority,
    }


def render(agreement: Agreement, school: School, issued_at: dt.datetime,
           copies: tuple[str, ...] = document.COPIES, *, seal_it: bool = True) -> bytes:
    """The sealed PDF of the agreement's current version: its copies, each with the verification QR code."""
    with _rendering:
        return _render(agreement, school, issued_at, copies, seal_it)


def _render(agreement: Agreement, school: School, issued_at: dt.datetime, copies: tuple[str, ...],
            seal_it: bool) -> bytes:
    values = fields(agreement, school)
    token = tokens.issue(agreement.id, agreement.version, issued_at)
    values["issued"] = clock.in_platform_zone(issued_at).strftime("%Y-%m-%d")
    body = document.render_body(values, qr.png_data_uri(tokens.url(token), box_size=4, border=1))
    composed = document.compose(body, copies, title=values["title"])
    return seal.seal(composed) if seal_it else composed


async def render_one(agreement: Agreement) -> StoredFile | None:
    """Renders and stores the current version; None when it changed meanwhile (the next pass renders that one)."""
    school = await School.get(id=agreement.school_id)
    version = agreement.version
    data = await asyncio.to_thread(render, agreement, school, clock.now())
    stored = await files.save(data, content_type="application/pdf", filename=f"{agreement.number}-v{version}.pdf",
                              owner_kind="agreement", owner_id=agreement.id, purpose=PURPOSE)
    claimed = await Agreement.filter(id=agreement.id, version=version, state__in=PRINTABLE,
                                     document_version__lt=version).update(document_id=stored.id,
                                                                          document_version=version)
    if claimed != 1:
        await files.delete(stored)
        return None
    agreement.document_id, agreement.document_version = stored.id, version
    return stored


async def render_pending(limit: int = 50) -> int:
    """The background job: renders approved agreements whose current version has no PDF yet; returns how many."""
    pending = await Agreement.filter(state__in=PRINTABLE, document_version__lt=F("version")).order_by("id").limit(limit)
    done = 0
    for agreement in pending:
        try:
            if await render_one(agreement) is not None:
                done += 1
        except (system.RenderingUnavailable, seal.SealMissing, tokens.KeysMissing):
            raise  # nothing renders until the system or the settings are fixed
        except Exception:  # one agreement that cannot render must not stop the others
            log.exception("agreement %s: PDF not rendered", agreement.id)
    return done


async def run_forever() -> None:
    """A loop of `wangqian worker` (notifications/worker.py), in-process on the embedded default."""
    told = False
    while True:
        pause = POLL_SECONDS
        try:
            while await render_pending() > 0:
                pass
        except (system.RenderingUnavailable, seal.SealMissing, tokens.KeysMissing) as e:
            if not told:  # said once, not every pass: the operator has to install or configure something
                log.error("%s", e)
                told = True
            pause = 60.0
        except Exception:
            log.exception("agreement PDF pass failed")
        await asyncio.sleep(pause)
