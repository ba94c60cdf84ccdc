from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Department, Major, Province, School
from resolvers.school_admin.settings import quiet_hours_text
from schema.relay import ModelNode


@strawberry.type(name="Province")
class ProvinceNode(ModelNode):
    model = Province
    id: relay.NodeID[int]
    code: str
    name: str


@strawberry.type(name="SchoolSettings",
                 description="学校设置：审核级数、签约与解约开放日期、解约次数上限、应约期限、协议书上的学校联系方式")
class SchoolSettings:
    review_levels: int
    signing_opens_month: int
    signing_opens_day: int
    termination_opens_month: int
    termination_opens_day: int
    max_terminations: int
    invitation_default_days: int
    invitation_max_days: int
    quiet_hours: str | None = strawberry.field(
        description="短信免打扰时段（北京时间），如「22:00-08:00」；null 表示不设")
    contact_department: str = strawberry.field(description="学校联系部门（印在协议书上）")
    contact_person: str = strawberry.field(description="学校联系人")
    contact_phone: str = strawberry.field(description="学校联系电话")
    address: str = strawberry.field(description="学校通讯地址")


@strawberry.type(name="School")
class SchoolNode(ModelNode):
    model = School
    id: relay.NodeID[int]
    code: str
    name: str

    @strawberry.field
    async def province(self, info: Info) -> ProvinceNode:
        return ProvinceNode.from_row(await info.context.loaders.get(Province, self._row.province_id))

    @strawberry.field(description="仅本校管理员与院系老师可见")
    def settings(self, info: Info) -> SchoolSettings | None:
        viewer = info.context.viewer
        if not (viewer.is_staff and viewer.school_id == self._row.id):
            return None
        r = self._row
        return SchoolSettings(
            review_levels=r.review_levels,
            signing_opens_month=r.signing_opens_month,
            signing_opens_day=r.signing_opens_day,
            termination_opens_month=r.termination_opens_month,
            termination_opens_day=r.termination_opens_day,
            max_terminations=r.max_terminations,
            invitation_default_days=r.invitation_default_days,
            invitation_max_days=r.invitation_max_days,
            quiet_hours=quiet_hours_text(r.quiet_hours_start, r.quiet_hours_end),
            contact_department=r.contact_department,
            contact_person=r.contact_person,
            contact_phone=r.contact_phone,
            address=r.address,
        )

    @strawberry.field
    async def departments(self, info: Info) -> list[Annotated[DepartmentNode, strawberry.lazy("schema.org.types")]]:
        rows = await info.context.loaders.many_by(Department, "school_id").load(self._row.id)
        return [DepartmentNode.from_row(r) for r in rows]


@strawberry.type(name="Department")
class DepartmentNode(ModelNode):
    model = Department
    id: relay.NodeID[int]
    code: str
    name: str

    @strawberry.field
    async def school(self, info: Info) -> SchoolNode:
        return SchoolNode.from_row(await info.context.loaders.get(School, self._row.school_id))

    @strawberry.field
    async def majors(self, info: Info) -> list[MajorNode]:
        rows = await info.context.loaders.many_by(Major, "department_id").load(self._row.id)
        return [MajorNode.from_row(r) for r in rows]


@strawberry.type(name="Major")
class MajorNode(ModelNode):
    model = Major
    id: relay.NodeID[int]
    code: str
    name: str

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))


__all__ = ["DepartmentNode", "MajorNode", "ProvinceNode", "SchoolNode"]
