"""The content of an offline or paper agreement, as the graduate fills it in (F1, F2).

The same fields and checks as an employer without an account gives when it signs by QR card (S3), frozen into
the same terms an online agreement keeps (resolvers/signing/agreement_terms.py), so the review, the agreement
PDF and every reader treat the three methods alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import Employer, Graduate, Major, School, SigningInvitation
from resolvers.errors import ErrorCollector
from resolvers.signing import agreement_terms, terms
from resolvers.signing.qr_signing import employer_values
from server import crypto


@dataclass(frozen=True)
class Content:
    terms: dict[str, Any]
    employer_id: int | None  # the registered employer with this USCC and name, if there is one


async def frozen(method: str, graduate: Graduate, employer_input: Any, terms_input: Any) -> Content:
    """The terms to keep, or every input error at once (DomainError naming each field)."""
    errors = ErrorCollector()
    values = employer_values(employer_input, errors)
    fields = terms.invitation_fields(
        terms_input, None, has_hiring_autonomy=bool(values["has_hiring_autonomy"]),
        default_authority=values["supervising_authority"], default_contact_name=values["contact_name"],
        default_contact_phone=values["contact_phone"], errors=errors)
    errors.raise_if_any()
    phone = values.pop("contact_phone")
    values.pop("uscc_checksum_failed")
    # Never saved: they only carry the graduate's input through the one function that freezes terms.
    employer = Employer(**values, contact_phone_enc=crypto.encrypt(phone))
    invitation = SigningInvitation(**fields, method=method)
    major = await Major.filter(id=graduate.major_id).select_related("department__school").get()
    school = major.department.school if major.department.school_id == graduate.school_id else \
        await School.get(id=graduate.school_id)
    registered = await Employer.filter(uscc=values["uscc"], name=values["name"]).first()
    return Content(agreement_terms.freeze(graduate, major, school, employer, invitation),
                   registered.id if registered else None)
