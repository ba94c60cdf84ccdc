from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.review.decide import decide_review
from schema import access, limits, mutation
from schema.errors import Error
from schema.relay import decode_id
from schema.review.types import ReviewDecisionKind, ReviewNode


@strawberry.input
class DecideReviewInput:
    review_id: strawberry.ID
    decision: ReviewDecisionKind
    reason: str | None = limits.text(limits.REASON, multiline=True, default=None,
        description="退回修改、不通过（不同意解约）时必填；就业推荐表审核通过时为推荐意见，也必填")
    fields_to_fix: list[str] | None = limits.text(
        limits.CODE * 2, max_items=limits.SMALL, default=None,
            description="退回修改时必填：需要修改的协议项目，如 monthlySalary、reportDate；"
                        "去向登记为 type、subType、proofs 或登记项目名，如 employerName；"
                        "就业推荐表为毕业生填写的项目名，如 selfEvaluation、awards")


@strawberry.type
class DecideReviewPayload:
    errors: list[Error]
    review: ReviewNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("审核网签协议、解约申请或去向登记：院系初审、学校终审（S10、R2、R3、T4、D1）",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.FIELDS_REQUIRED, ErrorCode.HAS_ACTIVE_AGREEMENT, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REASON_REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def decide_review(self, info: Info, input: DecideReviewInput) -> DecideReviewPayload:
        async def action():
            review = await decide_review(info.context, decode_id(input.review_id, ReviewNode, "reviewId"),
                                         input.decision.value, input.reason, input.fields_to_fix)
            return {"review": ReviewNode.from_row(review)}

        return await mutation.run(info, DecideReviewPayload, action, input=input)
