from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Employer, FairApplication, FairRegistration, Graduate, JobFair, Position, School
from resolvers import authz
from resolvers.fairs import loaders
from resolvers.fairs.manage import MODES
from resolvers.states import FAIR_APPLICATION, FAIR_REGISTRATION, JOB_FAIR
from resolvers.viewer import Role
from schema.org.types import SchoolNode
from schema.people.types import EmployerNode, GraduateNode
from schema.positions.types import PositionNode
from schema.relay import ModelNode

JobFairMode = strawberry.enum(
    Enum("JobFairMode", {k.upper(): k for k in MODES}),
    name="JobFairMode", description="举办方式：" + "、".join(f"{k}={v}" for k, v in MODES.items()))
JobFairState = strawberry.enum(
    Enum("JobFairState", {s.upper(): s for s in JOB_FAIR.states}),
    name="JobFairState", description="招聘会状态：" + "、".join(f"{k}={v}" for k, v in JOB_FAIR.states.items()))
FairApplicationState = strawberry.enum(
    Enum("FairApplicationState", {s.upper(): s for s in FAIR_APPLICATION.states}),
    name="FairApplicationState",
    description="参会申请状态：" + "、".join(f"{k}={v}" for k, v in FAIR_APPLICATION.states.items()))
FairRegistrationState = strawberry.enum(
    Enum("FairRegistrationState", {s.upper(): s for s in FAIR_REGISTRATION.states}),
    name="FairRegistrationState",
    description="报名状态：" + "、".join(f"{k}={v}" for k, v in FAIR_REGISTRATION.states.items()))


async def _positions(info: Info, ids: list[int], *, open_only: bool) -> list[PositionNode]:
    rows = await info.context.loaders.by_id(Position).load_many(ids)
    return [PositionNode.from_row(r) for r in rows if r is not None and (r.state == "open" or not open_only)]


@strawberry.type(description="参加招聘会的用人单位（审核通过的）及其携带的招聘中职位")
class FairExhibitor:
    _row: strawberry.Private[FairApplication]

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

    @strawberry.field(description="携带的职位；已关闭的不再列出")
    async def positions(self, info: Info) -> list[PositionNode]:
        return await _positions(info, self._row.position_ids, open_only=True)


@strawberry.type(name="JobFair", description="校内招聘会（学校发布；用人单位申请参会；毕业生报名）")
class JobFairNode(ModelNode):
    model = JobFair
    id: relay.NodeID[int]
    title: str
    description: str
    place: str = strawberry.field(description="举办地点（线下）；线上为空")
    link: str = strawberry.field(description="会场链接（线上，https）；线下为空")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = strawberry.field(description="可报名的毕业生人数")
    booth_limit: int | None = strawberry.field(description="展位数：最多通过的参会单位数；null 为不限")
    registered_count: int = strawberry.field(description="已报名人数")
    approved_count: int = strawberry.field(description="已通过的参会单位数")
    published_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field
    def mode(self) -> JobFairMode:
        return JobFairMode(self._row.mode)

    @strawberry.field
    def state(self) -> JobFairState:
        return JobFairState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「已发布」")
    def state_label(self) -> str:
        return JOB_FAIR.states[self._row.state]

    @strawberry.field(description="剩余名额")
    def seats_left(self) -> int:
        return max(self._row.capacity - self._row.registered_count, 0)

    @strawberry.field(description="主办学校")
    async def school(self, info: Info) -> SchoolNode:
        return SchoolNode.from_row(await info.context.loaders.get(School, self._row.school_id))

    @strawberry.field(description="审核通过的参会单位及其职位")
    async def exhibitors(self, info: Info) -> list[FairExhibitor]:
        return [FairExhibitor(_row=a) for a in await loaders.exhibitors(info.context).load(self._row.id)]

    @strawberry.field(description="我的报名（毕业生本人）；未报名或非毕业生为 null")
    async def my_registration(self, info: Info) -> FairRegistrationNode | None:
        if info.context.viewer.role is not Role.GRADUATE:
            return None
        row = await loaders.own_registrations(info.context).load(self._row.id)
        return FairRegistrationNode.from_row(row) if row else None

    @strawberry.field(description="当前可做的操作（学校管理员）：publish、cancel")
    def allowed_actions(self, info: Info) -> list[str]:
        if not authz.manages_fairs(info.context.viewer, self._row.school_id):
            return []
        return JOB_FAIR.allowed_actions(self._row.state)


@strawberry.type(name="FairApplication", description="用人单位参加招聘会的申请")
class FairApplicationNode(ModelNode):
    model = FairApplication
    id: relay.NodeID[int]
    note: str
    reason: str = strawberry.field(description="审核不通过的理由")
    decided_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    def state(self) -> FairApplicationState:
        return FairApplicationState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待审核」")
    def state_label(self) -> str:
        return FAIR_APPLICATION.states[self._row.state]

    @strawberry.field
    async def fair(self, info: Info) -> JobFairNode:
        return JobFairNode.from_row(await info.context.loaders.get(JobFair, self._row.fair_id))

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

    @strawberry.field(description="申请时选择携带的职位")
    async def positions(self, info: Info) -> list[PositionNode]:
        return await _positions(info, self._row.position_ids, open_only=False)


@strawberry.type(name="FairRegistration", description="毕业生对招聘会的报名")
class FairRegistrationNode(ModelNode):
    model = FairRegistration
    id: relay.NodeID[int]
    registered_at: dt.datetime
    cancelled_at: dt.datetime | None

    @strawberry.field
    def state(self) -> FairRegistrationState:
        return FairRegistrationState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「已报名」")
    def state_label(self) -> str:
        return FAIR_REGISTRATION.states[self._row.state]

    @strawberry.field
    async def fair(self, info: Info) -> JobFairNode:
        return JobFairNode.from_row(await info.context.loaders.get(JobFair, self._row.fair_id))

    @strawberry.field(description="报名的毕业生（本人与本范围的学校老师可见；身份证号、电话按规则掩码）")
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))
