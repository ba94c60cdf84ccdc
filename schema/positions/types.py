from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Application, Employer, FraudReport, Graduate, Position, ResumeSection, School
from resolvers import authz
from resolvers.states import POSITION
from schema.common import Region, region
from schema.org.types import SchoolNode
from schema.people.types import EmployerNode, GraduateNode
from schema.relay import ModelNode
from schema.resume.types import ResumeSectionNode

PositionState = strawberry.enum(
    Enum("PositionState", {s.upper(): s for s in POSITION.states}),
    name="PositionState",
    description="职位状态：" + "、".join(f"{k}={v}" for k, v in POSITION.states.items()),
)


@strawberry.type(name="Position", description="用人单位发布的职位")
class PositionNode(ModelNode):
    model = Position
    id: relay.NodeID[int]
    title: str
    category: str
    salary_min: int | None = strawberry.field(description="月薪下限（元）")
    salary_max: int | None = strawberry.field(description="月薪上限（元）")
    headcount: int
    deadline: dt.date | None = strawberry.field(description="截止日期（含当天）")
    description: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field
    def state(self) -> PositionState:
        return PositionState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「招聘中」")
    def state_label(self) -> str:
        return POSITION.states[self._row.state]

    @strawberry.field(description="工作地点（到区县）")
    def location(self) -> Region | None:
        return region(self._row.location_code, self._row.location_name)

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))


@strawberry.type(name="Application", description="毕业生对职位的投递（S1）")
class ApplicationNode(ModelNode):
    model = Application
    id: relay.NodeID[int]
    created_at: dt.datetime

    @strawberry.field
    async def position(self, info: Info) -> PositionNode:
        return PositionNode.from_row(await info.context.loaders.get(Position, self._row.position_id))

    @strawberry.field(description="投递的毕业生；身份证号与电话对用人单位只显示掩码")
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field(description="毕业生的简历条目，按顺序")
    async def resume(self, info: Info) -> list[ResumeSectionNode]:
        rows = await info.context.loaders.many_by(ResumeSection, "graduate_id", "sort_order").load(
            self._row.graduate_id)
        return [ResumeSectionNode.from_row(r) for r in rows]


@strawberry.type(name="FraudReport", description="毕业生对职位涉嫌欺诈的举报（X2）")
class FraudReportNode(ModelNode):
    model = FraudReport
    id: relay.NodeID[int]
    reason: str
    created_at: dt.datetime

    @strawberry.field
    async def position(self, info: Info) -> PositionNode:
        return PositionNode.from_row(await info.context.loaders.get(Position, self._row.position_id))

    @strawberry.field
    async def school(self, info: Info) -> SchoolNode:
        return SchoolNode.from_row(await info.context.loaders.get(School, self._row.school_id))

    @strawberry.field(description="举报人；院系老师只能看到本院系的毕业生，其余为 null")
    async def graduate(self, info: Info) -> GraduateNode | None:
        row = await info.context.loaders.get(Graduate, self._row.graduate_id)
        return GraduateNode.from_row(row) if authz.sees_fraud_reporter(info.context.viewer, row) else None
