"""What an employer's materials must hold: the one place that decides "complete" (issue 12 §5, R1).

A business licence always. An authorisation letter (授权委托书) when the contact person who acts on the
platform is not the employer's legal representative: the employer declares its legal representative's name, and
the letter is needed unless that name is its contact person's; while none is declared, it is needed too (nothing
shows the contact may act alone). An employer without an account (S3) cannot upload anything but the USCC
certificate it scanned in with, which counts as its business licence; no letter is asked of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Employer

BUSINESS_LICENSE = "business_license"
AUTHORISATION_LETTER = "authorisation_letter"
KINDS = {BUSINESS_LICENSE: "营业执照", AUTHORISATION_LETTER: "授权委托书"}

_SPACE = re.compile(r"\s+")


def same_person(a: str, b: str) -> bool:
    """Names as typed: 「张 金华」 and 「张金华」 are one person; an empty name is nobody."""
    a, b = _SPACE.sub("", a or ""), _SPACE.sub("", b or "")
    return bool(a) and a == b


@dataclass(frozen=True)
class Requirement:
    letter_required: bool
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def requirement(employer: Employer, uploaded_kinds: set[str]) -> Requirement:
    has_licence = BUSINESS_LICENSE in uploaded_kinds or employer.license_file_id is not None
    letter_required = employer.login_name is not None and not same_person(employer.legal_representative,
                                                                         employer.contact_name)
    missing = []
    if not has_licence:
        missing.append(BUSINESS_LICENSE)
    if letter_required and AUTHORISATION_LETTER not in uploaded_kinds:
        missing.append(AUTHORISATION_LETTER)
    return Requirement(letter_required=letter_required, missing=missing)
