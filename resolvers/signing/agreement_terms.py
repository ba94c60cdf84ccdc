"""The agreement's content frozen at signing (P4, seed 001): party A, party B and the articles' terms.

Frozen so that later edits of the graduate's or the employer's records do not change a signed agreement.
Phones are kept encrypted at rest (`...Enc` keys), like every phone of the platform; `for_reader` turns the
stored terms into what a reader may see (B5): no ciphertext, the graduate's phone in full only to the graduate
and their own school's staff.
"""

from __future__ import annotations

from typing import Any

from models import Employer, Graduate, Major, School, SigningInvitation, codes
from server import crypto


def _coded(table: dict[str, str], code: str | None) -> dict[str, str] | None:
    return {"code": code, "label": table.get(code, code)} if code else None


def party_a(graduate: Graduate, major: Major, school: School) -> dict[str, Any]:
    phone = crypto.decrypt(graduate.phone_enc)
    return {
        "name": graduate.name,
        "gender": _coded(codes.GENDER, graduate.gender),
        "ethnicity": _coded(codes.ETHNICITY, graduate.ethnicity),
        "politicalStatus": _coded(codes.POLITICAL_STATUS, graduate.political_status),
        "studentNumber": graduate.student_number,
        "educationLevel": _coded(codes.EDUCATION_LEVEL, graduate.education_level),
        "trainingMode": _coded(codes.TRAINING_MODE, graduate.training_mode),
        "major": major.name,
        "lengthOfSchooling": graduate.length_of_schooling,
        "phoneEnc": crypto.encrypt(phone),
        "homeAddress": graduate.home_address,
        "email": graduate.email,
        "qq": graduate.qq,
        "school": school.name,
        "schoolContact": {"department": school.contact_department, "person": school.contact_person,
                          "phone": school.contact_phone, "address": school.address},
    }


def party_b(employer: Employer, invitation: SigningInvitation) -> dict[str, Any]:
    return {
        "name": employer.name,
        "uscc": employer.uscc,
        "contactName": invitation.contact_name or employer.contact_name,
        "contactPhoneEnc": invitation.contact_phone_enc or employer.contact_phone_enc,
        "email": employer.contact_email,
        "address": employer.address,
        "postcode": employer.postcode,
        "location": {"code": employer.location_code, "name": employer.location_name},
        "nature": _coded(codes.EMPLOYER_NATURE, employer.nature),
        "industry": _coded(codes.INDUSTRY, employer.industry),
        "hasHiringAutonomy": employer.has_hiring_autonomy,
        "supervisingAuthority": invitation.supervising_authority or employer.supervising_authority,
    }


def articles(invitation: SigningInvitation) -> dict[str, Any]:
    return {
        "positionTitle": invitation.position_title,
        "jobCategory": invitation.job_category,
        "workLocation": {"code": invitation.work_location_code, "name": invitation.work_location_name},
        "monthlySalary": invitation.monthly_salary,
        "probationMonths": invitation.probation_months,
        "contractYears": invitation.contract_years,
        "reportDate": invitation.report_date.isoformat() if invitation.report_date else None,
        "breachTerms": invitation.breach_terms,
        "otherTerms": invitation.other_terms,
        "supervisingAuthority": invitation.supervising_authority,
    }


def freeze(graduate: Graduate, major: Major, school: School, employer: Employer,
           invitation: SigningInvitation) -> dict[str, Any]:
    return {
        "title": f"{school.name} {graduate.graduation_year} 届毕业生就业协议书",
        "graduationYear": graduate.graduation_year,
        "method": invitation.method,
        "partyA": party_a(graduate, major, school),
        "partyB": party_b(employer, invitation),
        "articles": articles(invitation),
    }


ENCRYPTED_SUFFIX = "Enc"
# stored encrypted key -> key shown to readers, per party
PHONES = {"partyA": ("phoneEnc", "phone"), "partyB": ("contactPhoneEnc", "contactPhone")}


def for_reader(terms: dict[str, Any], *, sees_graduate_phone: bool, sees_employer_phone: bool) -> dict[str, Any]:
    """The terms as a reader gets them: phones decrypted, in full or masked, and no encrypted field at all."""
    full = {"partyA": sees_graduate_phone, "partyB": sees_employer_phone}
    shown = _without_ciphertext(terms)
    for party, (sealed_key, shown_key) in PHONES.items():
        stored = (terms or {}).get(party)
        if not isinstance(stored, dict):
            continue
        plain = crypto.decrypt(stored[sealed_key]) if stored.get(sealed_key) else stored.get(shown_key)
        shown[party][shown_key] = plain if full[party] or plain is None else crypto.mask_phone(plain)
    return shown


def _without_ciphertext(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ciphertext(v) for k, v in value.items() if not k.endswith(ENCRYPTED_SUFFIX)}
    if isinstance(value, list):
        return [_without_ciphertext(v) for v in value]
    return value
