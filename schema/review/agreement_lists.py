"""Agreement lists: the graduate's, the employer's, and the staff's list that is also print management (P1)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.review import queries
from schema import access
from schema.agreements.types import AgreementMethod, AgreementNode, AgreementState
from schema.org.types import DepartmentNode
from schema.relay import Connection, decode_id


@strawberry.input(description="协议书筛选条件；state=APPROVED 即协议书打印管理列表（P1）")
class AgreementFilter:
    state: AgreementState | None = None
    department_id: strawberry.ID | None = None
    method: AgreementMethod | None = strawberry.field(default=None, description="签约方式：网签、线下签约、纸质协议")


@strawberry.type
class Query:
    @access.query("毕业生本人的就业协议书，最新的在前", roles=access.GRADUATE,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_agreements(self, info: Info, method: AgreementMethod | None = None, first: int | None = None,
                            after: str | None = None) -> Connection[AgreementNode]:
        page = await queries.my_agreements(info.context.viewer, method.value if method else None, first=first,
                                           after=after)
        return Connection.of(page, AgreementNode)

    @access.query("用人单位签订的就业协议书，最新的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def employer_agreements(self, info: Info, state: AgreementState | None = None, first: int | None = None,
                                  after: str | None = None) -> Connection[AgreementNode]:
        page = await queries.employer_agreements(info.context.viewer, state.value if state else None,
                                                 first=first, after=after)
        return Connection.of(page, AgreementNode)

    @access.query("本院系（院系老师）或本校（学校管理员）的就业协议书，最新的在前", roles=access.STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def agreements(self, info: Info, filter: AgreementFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[AgreementNode]:
        f = filter or AgreementFilter()
        page = await queries.agreements(
            info.context.viewer, state=f.state.value if f.state else None,
            method=f.method.value if f.method else None,
            department_id=decode_id(f.department_id, DepartmentNode, "filter.departmentId")
            if f.department_id else None,
            first=first, after=after)
        return Connection.of(page, AgreementNode)
