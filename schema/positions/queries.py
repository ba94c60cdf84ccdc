from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.positions import queries
from schema import access
from schema.positions.types import ApplicationNode, FraudReportNode, PositionNode, PositionState
from schema.relay import Connection, decode_id


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
    @access.query("招聘中且未过截止日期的职位，最新发布的在前", roles=access.SIGNED_IN,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def positions(self, info: Info, filter: PositionFilter | None = None, first: int | None = None,
                        after: str | None = None) -> Connection[PositionNode]:
        f = filter or PositionFilter()
        page = await queries.positions(info.context.viewer, keyword=f.keyword, location_code=f.location_code,
                                       category=f.category, first=first, after=after)
        return Connection.of(page, PositionNode)

    @access.query("本单位发布的职位（用人单位）", roles=access.EMPLOYER,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_positions(self, info: Info, filter: MyPositionsFilter | None = None, first: int | None = None,
                           after: str | None = None) -> Connection[PositionNode]:
        state = filter.state.value if filter and filter.state else None
        page = await queries.my_positions(info.context.viewer, state, first=first, after=after)
        return Connection.of(page, PositionNode)

    @access.query("我投递的职位（毕业生），最新的在前", roles=access.GRADUATE,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_applications(self, info: Info, first: int | None = None,
                              after: str | None = None) -> Connection[ApplicationNode]:
        page = await queries.my_applications(info.context.viewer, first=first, after=after)
        return Connection.of(page, ApplicationNode)

    @access.query("投递本单位职位的毕业生及其简历（用人单位），最新的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def applicants(self, info: Info, filter: ApplicantsFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[ApplicationNode]:
        position_id = decode_id(filter.position_id, "Position", field="positionId") \
            if filter and filter.position_id else None
        page = await queries.applicants(info.context.viewer, position_id, first=first, after=after)
        return Connection.of(page, ApplicationNode)

    @access.query("本校毕业生对职位的欺诈举报（学校管理员、院系老师；省厅可见本省院校），最新的在前",
                  roles=access.STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def fraud_reports(self, info: Info, first: int | None = None,
                            after: str | None = None) -> Connection[FraudReportNode]:
        return Connection.of(await queries.fraud_reports(info.context.viewer, first=first, after=after),
                             FraudReportNode)
