"""What reviewing does to a recommendation form (issue 12 §4, R2, R3): the department's approval is its
recommendation (the comment it writes is printed as 院系推荐意见), the school's final approval makes the form
printable with its comment beside the stamp block; a return names the graduate's fields to fix."""

from __future__ import annotations

from typing import Any

from models import RecommendationForm, Review, ReviewDecision
from resolvers import events, workflow
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.recommendation_forms.content import FIXABLE
from resolvers.states import RECOMMENDATION_FORM
from server import clock


def check_fields(names: list[str], field: str) -> list[str]:
    unknown = [n for n in names if n not in FIXABLE]
    if unknown:
        raise DomainError(ErrorCode.INVALID_INPUT, f"不是推荐表中毕业生可修改的项目：{'、'.join(unknown)}", field)
    return list(dict.fromkeys(names))


async def _comment(review: Review) -> str:
    """The comment of the decision just recorded (decide.py records it before the subject acts on it)."""
    decision = await ReviewDecision.filter(review_id=review.id).order_by("-id").first()
    return decision.reason if decision else ""


async def advance(ctx: Context, review: Review) -> None:
    """Two-level schools: the department recommends; the school decides next."""
    form = await RecommendationForm.get(id=review.subject_id)
    await workflow.apply(ctx, RECOMMENDATION_FORM, form, "advance",
                         changes={"department_comment": await _comment(review)})


async def settle(ctx: Context, review: Review, decision: str, reason: str, fields: list[str]) -> None:
    form = await RecommendationForm.get(id=review.subject_id)
    if decision == "approve":
        changes: dict[str, Any] = {"approved_at": clock.now(), "returned_fields": [], "school_comment": reason}
    elif decision == "return":
        changes = {"returned_fields": fields}
    else:
        changes = {}
    await workflow.apply(ctx, RECOMMENDATION_FORM, form, decision, changes=changes, reason=reason)
    await events.recommendation_form_decided(form, decision, reason, [FIXABLE[f] for f in fields], review)
