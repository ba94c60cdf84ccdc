from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Application, FraudReport
from resolvers import authz
from resolvers.positions.browse import browse, employer_positions
from resolvers.viewer import Role
from schema.positions.types import ApplicationNode, FraudReportNode, PositionNode, PositionState
from schema.relay import Connection, decode_id, paginate


@strawberry.input(description="职位筛选：关键字、工作地点（省 2 位、市 4 位或区县 6 位代码）、职位类别")
class PositionFilter:
    keyword: str | None = None
    location_code: str | None = None
    category: str | None = None


@strawberry.input
class MyPositionsFilter:
    state: PositionState | None = None


@strawberry.input
class ApplicantsFilter:
    position_id: strawberry.ID | None = None


@strawberry.type
class Query:
    @strawberry.field(description="招聘中且未过截止日期的职位，最新发布的在前")
    async def positions(self, info: Info, filter: PositionFilter | None = None, first: int | None = None,
                        after: str | None = None) -> Connection[PositionNode]:
        f = filter or PositionFilter()
        qs = browse(info.context.viewer, f.keyword, f.location_code, f.category)
        return await paginate(qs, PositionNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="本单位发布的职位（用人单位）")
    async def my_positions(self, info: Info, filter: MyPositionsFilter | None = None, first: int | None = None,
                           after: str | None = None) -> Connection[PositionNode]:
        state = filter.state.value if filter and filter.state else None
        qs = employer_positions(info.context.viewer, state)
        return await paginate(qs, PositionNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="我投递的职位（毕业生），最新的在前")
    async def my_applications(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[ApplicationNode]:
        authz.require_role(info.context.viewer, Role.GRADUATE)
        qs = authz.scope_applications(info.context.viewer, Application.all())
        return await paginate(qs, ApplicationNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="投递本单位职位的毕业生及其简历（用人单位），最新的在前")
    async def applicants(self, info: Info, filter: ApplicantsFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[ApplicationNode]:
        authz.require_role(info.context.viewer, Role.EMPLOYER)
        qs = authz.scope_applications(info.context.viewer, Application.all())
        if filter and filter.position_id:
            qs = qs.filter(position_id=decode_id(filter.position_id, "Position", field="positionId"))
        return await paginate(qs, ApplicationNode, first=first, after=after, newest_first=True)

    @strawberry.field(description="本校毕业生对职位的欺诈举报（学校管理员、院系老师；省厅可见本省院校），最新的在前")
    async def fraud_reports(self, info: Info, first: int | None = None,
                            after: str | None = None) -> Connection[FraudReportNode]:
        qs = authz.scope_fraud_reports(info.context.viewer, FraudReport.all())
        return await paginate(qs, FraudReportNode, first=first, after=after, newest_first=True)
