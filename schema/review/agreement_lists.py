"""Agreement lists: the graduate's, the employer's, and the staff's list that is also print management (P1)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Agreement
from resolvers import authz
from resolvers.viewer import Role
from schema.agreements.types import AgreementNode, AgreementState
from schema.org.types import DepartmentNode
from schema.relay import Connection, decode_id, paginate


@strawberry.input(description="协议书筛选条件；state=APPROVED 即协议书打印管理列表（P1）")
class AgreementFilter:
    state: AgreementState | None = None
    department_id: strawberry.ID | None = None


@strawberry.type
class Query:
    @strawberry.field(description="毕业生本人的就业协议书，最新的在前")
    async def my_agreements(self, info: Info, first: int | None = None,
                            after: str | None = None) -> Connection[AgreementNode]:
        authz.require_role(info.context.viewer, Role.GRADUATE)
        qs = authz.scope_agreements(info.context.viewer, Agreement.all())
        return await paginate(qs, AgreementNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="用人单位签订的就业协议书，最新的在前")
    async def employer_agreements(self, info: Info, state: AgreementState | None = None, first: int | None = None,
                                  after: str | None = None) -> Connection[AgreementNode]:
        authz.require_role(info.context.viewer, Role.EMPLOYER)
        qs = authz.scope_agreements(info.context.viewer, Agreement.all())
        if state:
            qs = qs.filter(state=state.value)
        return await paginate(qs, AgreementNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="本院系（院系老师）或本校（学校管理员）的就业协议书，最新的在前")
    async def agreements(self, info: Info, filter: AgreementFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[AgreementNode]:
        authz.require_staff(info.context.viewer)
        qs = authz.scope_agreements(info.context.viewer, Agreement.all())
        if filter and filter.state:
            qs = qs.filter(state=filter.state.value)
        if filter and filter.department_id:
            qs = qs.filter(department_id=decode_id(filter.department_id, DepartmentNode, "filter.departmentId"))
        return await paginate(qs, AgreementNode, first=first, after=after, newest_first=True)
