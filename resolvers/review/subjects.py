"""What each kind of review subject needs from the review machinery: one entry per subject type.

decide.py asks here how a decision settles its subject, what a department's first approval does to it, which
decisions it allows and which record the graduate's notice names; a new subject type is one more entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from models import Agreement, Review, Termination
from resolvers import events
from resolvers.context import Context
from resolvers.destination import review as destination_review
from resolvers.errors import DomainError, ErrorCode
from resolvers.recommendation_forms import review as recommendation_review
from resolvers.review import term_fields
from resolvers.review.settle_agreement import settle_agreement
from resolvers.termination.settle import settle_termination


@dataclass(frozen=True)
class Subject:
    # (ctx, review, decision, reason, fields_to_fix): the final decision applied to the subject.
    settle: Callable[[Context, Review, str, str, list[str]], Awaitable[None]]
    # (ctx, review, agreement): the department approved in a two-level school; the school decides next.
    advance: Callable[[Context, Review, Agreement | None], Awaitable[None]]
    # The names a return may ask to fix, checked; None: this subject cannot be returned.
    check_fields: Callable[[list[str], str], list[str]] | None
    reason_message: str  # when a return or a rejection comes without a reason (R3)
    # The agreement the graduate's record-changed notice names, if any.
    agreement: Callable[[Review], Awaitable[Agreement | None]]
    # When an approval carries a comment of its own (a recommendation's opinion): the message if it is missing.
    approval_comment: str | None = None
    # Whether a decision changes the graduate's signing or destination record (X3: record.changed, by SMS).
    changes_record: bool = True


async def _the_agreement(review: Review) -> Agreement:
    return await Agreement.get(id=review.subject_id)


async def _terminated_agreement(review: Review) -> Agreement:
    termination = await Termination.get(id=review.subject_id)
    return await Agreement.get(id=termination.agreement_id)


async def _no_agreement(review: Review) -> None:
    return None


async def _agreement_advanced(ctx: Context, review: Review, agreement: Agreement | None) -> None:
    await events.review_advanced(review, agreement)


async def _destination_advanced(ctx: Context, review: Review, agreement: Agreement | None) -> None:
    await destination_review.advance(ctx, review)


async def _recommendation_advanced(ctx: Context, review: Review, agreement: Agreement | None) -> None:
    await recommendation_review.advance(ctx, review)


async def _settle_termination(ctx: Context, review: Review, decision: str, reason: str, fields: list[str]) -> None:
    await settle_termination(ctx, review, decision, reason)


SUBJECTS: dict[str, Subject] = {
    "agreement": Subject(settle_agreement, _agreement_advanced, term_fields.check_names,
                         "退回修改或不通过须填写原因", _the_agreement),
    "termination": Subject(_settle_termination, _agreement_advanced, None, "不同意解约须填写原因",
                           _terminated_agreement),
    "destination": Subject(destination_review.settle, _destination_advanced, destination_review.check_fields,
                           "退回修改或不通过须填写原因", _no_agreement),
    "recommendation_form": Subject(recommendation_review.settle, _recommendation_advanced,
                                   recommendation_review.check_fields, "退回修改或不予推荐须填写原因", _no_agreement,
                                   approval_comment="请填写推荐意见", changes_record=False),
}


def of(subject_type: str) -> Subject:
    try:
        return SUBJECTS[subject_type]
    except KeyError:
        raise DomainError(ErrorCode.NOT_FOUND, field="reviewId") from None
