"""What the verification page says about a scanned token (P3): genuine or not, and whether it still stands.

Only what a holder of the paper needs to trust it: the number, the school, the graduate's name masked, the
employer, the version and the status. A token is read, never stored or consumed, so reading it again (a replay)
says the same thing until the agreement itself changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Agreement, Employer, Graduate, School, Termination
from pdf import tokens

VALID, SUPERSEDED, TERMINATED, VOIDED, NOT_IN_FORCE, NOT_GENUINE = (
    "valid", "superseded", "terminated", "voided", "not_in_force", "not_genuine")
HEADLINES = {
    VALID: "真实有效",
    SUPERSEDED: "已被新版本取代",
    TERMINATED: "已解约",
    VOIDED: "已作废",
    NOT_IN_FORCE: "尚未审核通过，不具效力",
    NOT_GENUINE: "非本平台签发",
}
EXPLANATIONS = {
    VALID: "本协议书为网签平台签发，且为当前有效版本。",
    SUPERSEDED: "该协议书内容已更正，本份为旧版本，请以第 {current} 版为准。",
    TERMINATED: "该协议书经学校审核同意解约，已不再有效。",
    VOIDED: "该协议书已由学校作废，已不再有效。",
    NOT_IN_FORCE: "该协议书尚在学校审核中，审核通过前不具效力。",
    NOT_GENUINE: "二维码内容被改动或无法识别，或协议编号不存在：该协议书不是本平台签发的，请勿采信。",
}


@dataclass(frozen=True)
class Verdict:
    status: str
    number: str = ""
    school: str = ""
    graduate: str = ""  # masked
    employer: str = ""
    version: int = 0  # the version the paper shows
    current_version: int = 0

    @property
    def headline(self) -> str:
        return HEADLINES[self.status]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.status].format(current=self.current_version)


def mask_name(name: str) -> str:
    """The first character shown, the rest starred; the dot of a transliterated name stays (买**·**)."""
    chars = list(name or "")
    return "".join(c if i == 0 or c == "·" else "*" for i, c in enumerate(chars))


async def verify(token: str) -> Verdict:
    claims = tokens.read(token)
    if claims is None:
        return Verdict(NOT_GENUINE)
    agreement = await Agreement.get_or_none(id=claims.agreement_id)
    if agreement is None or claims.version > agreement.version:
        return Verdict(NOT_GENUINE)
    school = await School.get(id=agreement.school_id)
    graduate = await Graduate.get(id=agreement.graduate_id)
    # An offline or paper agreement's employer may not be on the platform (F1, F2): its terms name it.
    employer = await Employer.get_or_none(id=agreement.employer_id) if agreement.employer_id else None
    terms = agreement.terms or {}
    # The names as printed (frozen at signing), not as the records read today.
    party_a, party_b = terms.get("partyA") or {}, terms.get("partyB") or {}
    return Verdict(await _status(agreement, claims.version), number=agreement.number, school=school.name,
                   graduate=mask_name(party_a.get("name") or graduate.name),
                   employer=party_b.get("name") or (employer.name if employer else ""), version=claims.version,
                   current_version=agreement.version)


async def _status(agreement: Agreement, version: int) -> str:
    if agreement.state == "terminated":
        # Both a termination (T4) and an unlock (T5) end in this state; only a termination has an approved request.
        ended_by_termination = await Termination.filter(agreement_id=agreement.id, state="approved").exists()
        return TERMINATED if ended_by_termination else VOIDED
    if agreement.state == "rejected":
        return VOIDED
    if version < agreement.version:
        return SUPERSEDED
    return VALID if agreement.state == "approved" else NOT_IN_FORCE
