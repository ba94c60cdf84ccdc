"""What a teacher's change did to the graduate's signing, destination or origin record, in words (X3): the lines
`record.changed` carries, so the graduate reads what changed and not only that something did."""

from __future__ import annotations

from models import Agreement, Graduate, Review, codes
from resolvers.states import REVIEW, agreement_workflow
from server import crypto

SUBJECT = {"agreement": "就业协议审核", "termination": "解约申请审核", "destination": "毕业去向登记审核"}


def line(label: str, before: str | None, after: str | None) -> str:
    return f"{label}：{before or '空'} → {after or '空'}"


def destination(before: str, after: str) -> list[str]:
    if before == after:
        return []
    return [line("毕业去向", codes.DESTINATION_TYPE.get(before, before), codes.DESTINATION_TYPE.get(after, after))]


async def of_decision(review: Review, previous: str, agreement: Agreement | None, graduate: Graduate) -> list[str]:
    """A review decision: the round's step, then, once it closes, the agreement's state and the destination where
    they changed (`agreement` and `graduate` as read before the decision took effect)."""
    lines = [line(SUBJECT.get(review.subject_type, "审核"), REVIEW.states[previous], REVIEW.states[review.state])]
    if review.state in ("pending_department", "pending_school"):
        return lines  # passed on to the next level: nothing else changed yet
    if agreement is not None:  # a destination's review names no agreement
        state = await Agreement.filter(id=agreement.id).first().values_list("state", flat=True)
        if state != agreement.state:
            states = agreement_workflow(agreement.method).states  # offline and paper ones have their own
            lines.append(line(f"就业协议 {agreement.number}", states[agreement.state], states[state]))
    after = await Graduate.filter(id=graduate.id).first().values_list("destination_type", flat=True)
    return lines + destination(graduate.destination_type, after)


def of_unlock(graduate_before: Graduate, graduate_after: Graduate, voided: Agreement | None) -> list[str]:
    lines = []
    if voided is not None:
        lines.append(f"就业协议 {voided.number}：解锁作废")
    lines += destination(graduate_before.destination_type, graduate_after.destination_type)
    if graduate_before.destination_locked and not graduate_after.destination_locked:
        lines.append(line("毕业去向锁定", "已锁定", "已解锁"))
    return lines


_CODE_TABLES = {"gender": codes.GENDER, "education_level": codes.EDUCATION_LEVEL, "training_mode": codes.TRAINING_MODE,
                "ethnicity": codes.ETHNICITY, "political_status": codes.POLITICAL_STATUS}


def of_correction(field: str, label: str, before: str | None, after: str | None, personal: bool) -> list[str]:
    """An accepted correction: the field's value before and after, as the record shows it; personal data masked
    (the SMS and the inbox are read outside the app, B5)."""
    if personal:
        before, after = crypto.mask_id_number(before), crypto.mask_id_number(after)
    table = _CODE_TABLES.get(field, {})
    return [line(label, table.get(before, before) if before else before, table.get(after, after) if after else after)]
