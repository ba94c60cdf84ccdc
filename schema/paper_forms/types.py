from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Department, Graduate, PaperForm, Staff
from resolvers.states import PAPER_FORM
from schema.org.types import DepartmentNode
from schema.people.types import GraduateNode
from schema.relay import ModelNode

PaperFormState = strawberry.enum(
    Enum("PaperFormState", {s.upper(): s for s in PAPER_FORM.states}),
    name="PaperFormState",
    description="纸质协议书状态：" + "、".join(f"{k}={v}" for k, v in PAPER_FORM.states.items()),
)


@strawberry.type(name="PaperForm",
                 description="纸质就业协议书：每名毕业生同一时间只持有一份；网签后由辅导员回收，补发则原协议书作废（F3）")
class PaperFormNode(ModelNode):
    model = PaperForm
    id: relay.NodeID[int]
    number: str = strawberry.field(description="协议书上印的编号")
    reissue_reason: str = strawberry.field(description="补发原因；非补发的为空")
    collected_at: dt.datetime | None
    voided_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    def state(self) -> PaperFormState:
        return PaperFormState(self._row.state)

    @strawberry.field
    def state_label(self) -> str:
        return PAPER_FORM.states[self._row.state]

    @strawberry.field(description="是否为补发的协议书")
    def reissued(self) -> bool:
        return bool(self._row.reissue_reason)

    @strawberry.field(description="登记回收的老师姓名")
    async def collected_by_name(self, info: Info) -> str | None:
        staff = await info.context.loaders.get(Staff, self._row.collected_by_id)
        return staff.name if staff else None

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))


@strawberry.input(description="纸质协议书筛选条件")
class PaperFormFilter:
    collected: bool | None = strawberry.field(default=None, description="true：已回收；false：未回收（毕业生持有）")
    department_id: strawberry.ID | None = None
