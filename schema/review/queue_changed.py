"""The reviewers' live queue: `reviewQueueChanged` (R1, R2, issue 8.2)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.review.queue_stream import QueueChange, queue_changes
from schema import access
from schema.org.types import DepartmentNode
from schema.origin.types import CorrectionRequestNode
from schema.relay import decode_id, encode_id
from schema.review.types import ReviewNode

QueueChangeKind = strawberry.enum(
    Enum("QueueChangeKind", {"ADDED": "added", "CHANGED": "changed", "REMOVED": "removed"}),
    name="QueueChangeKind",
    description="队列变化：ADDED 新进入本级队列（新申请、院系初审通过后到达学校）；CHANGED 仍在处理中但有变化"
                "（退回修改、重新提交、院系初审通过移交学校）；"
                "REMOVED 离开队列（审核通过或不通过、撤回、因解锁或解约关闭、纠错申请已处理或撤回）",
)
ReviewQueueKind = strawberry.enum(
    Enum("ReviewQueueKind", {"AGREEMENT": "agreement", "TERMINATION": "termination", "DESTINATION": "destination",
                             "CORRECTION": "correction", "RECOMMENDATION_FORM": "recommendation_form"}),
    name="ReviewQueueKind", description="审核队列：网签协议、解约申请、去向登记、纠错申请、就业推荐表",
)


@strawberry.type(description="审核队列的一次变化，带与 reviewQueue（纠错为 correctionRequests）查询相同的行")
class ReviewQueueChange:
    change: QueueChangeKind
    kind: ReviewQueueKind
    id: strawberry.ID = strawberry.field(description="变化的行（Review 或 CorrectionRequest）的全局编号")
    replaces_id: strawberry.ID | None = strawberry.field(
        description="重新提交开启新一轮审核时，被替换的上一轮 Review 的全局编号")
    review: ReviewNode | None = strawberry.field(description="网签协议、解约申请或去向登记的审核行；纠错申请时为 null")
    correction_request: CorrectionRequestNode | None = strawberry.field(description="纠错申请行")
    sequence: int = strawberry.field(description="引起变化的事件的序号，按提交顺序递增")

    @classmethod
    def of(cls, c: QueueChange) -> ReviewQueueChange:
        type_name = "CorrectionRequest" if c.correction is not None else "Review"
        return cls(
            change=QueueChangeKind(c.change), kind=ReviewQueueKind(c.kind), id=strawberry.ID(
                encode_id(type_name, c.row_id)),
            replaces_id=strawberry.ID(encode_id("Review", c.replaces_id)) if c.replaces_id else None,
            review=ReviewNode.from_row(c.review) if c.review is not None else None,
            correction_request=CorrectionRequestNode.from_row(c.correction) if c.correction is not None else None,
            sequence=c.sequence)


@strawberry.type
class Subscription:
    @access.subscription("审核队列实时变化：院系老师本院系的，学校管理员本校或本校某院系的（R1、R2）",
                         roles=access.SCHOOL_STAFF,
                         errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED])
    async def review_queue_changed(
        self, info: Info, kind: ReviewQueueKind | None = None, department_id: strawberry.ID | None = None
    ) -> AsyncGenerator[ReviewQueueChange, None]:
        department = decode_id(department_id, DepartmentNode, "departmentId") if department_id else None
        async for change in queue_changes(info.context, kind.value if kind else None, department):
            yield ReviewQueueChange.of(change)
