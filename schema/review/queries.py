from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.review import queries
from resolvers.review.queue import QueueFilter
from schema import access, limits
from schema.agreements.types import AgreementMethod
from schema.org.types import DepartmentNode
from schema.relay import Connection, decode_id
from schema.review.types import ReviewNode, ReviewState, ReviewSubjectType


@strawberry.input(description="审核队列筛选条件；不指定状态时为待本级审核的申请")
class ReviewQueueFilter:
    subject_type: ReviewSubjectType | None = None
    state: ReviewState | None = None
    department_id: strawberry.ID | None = None
    submitted_from: dt.datetime | None = limits.days(10 * limits.YEAR, limits.YEAR, default=None)
    submitted_to: dt.datetime | None = limits.days(10 * limits.YEAR, limits.YEAR, default=None)
    employer_keyword: str | None = limits.text(limits.LINE, default=None,
                                               description="单位名称或统一社会信用代码关键字")
    agreement_method: AgreementMethod | None = strawberry.field(
        default=None, description="只看这种签约方式的协议审核：线下签约、纸质协议各成一个队列（R1、F1、F2）")


def queue_filter(f: ReviewQueueFilter | None, path: str = "filter") -> QueueFilter:
    f = f or ReviewQueueFilter()
    return QueueFilter(
        subject_type=f.subject_type.value if f.subject_type else None,
        state=f.state.value if f.state else None,
        department_id=decode_id(f.department_id, DepartmentNode, f"{path}.departmentId") if f.department_id else None,
        submitted_from=f.submitted_from,
        submitted_to=f.submitted_to,
        employer_keyword=f.employer_keyword,
        agreement_method=f.agreement_method.value if f.agreement_method else None,
    )


@strawberry.type
class Query:
    @access.query("审核队列，先申请的在前：院系老师本院系的，学校管理员本校的（R1、R2）", roles=access.SCHOOL_STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def review_queue(
        self, info: Info, filter: ReviewQueueFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[ReviewNode]:
        page = await queries.queue(info.context.viewer, queue_filter(filter), first=first, after=after)
        return Connection.of(page, ReviewNode)
