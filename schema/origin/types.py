from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import CorrectionRequest, Graduate, Staff
from resolvers import authz
from resolvers.origin.correctable import CORRECTABLE, EDITABLE
from resolvers.origin.corrections import plain_value
from resolvers.states import CORRECTION
from schema.people.types import GraduateNode
from schema.relay import ModelNode
from server import crypto

CorrectableField = strawberry.enum(
    Enum("CorrectableField", {f.upper(): f for f in (*CORRECTABLE, *EDITABLE)}),
    name="CorrectableField",
    description="纠错的字段：学校导入的字段（" + "、".join(c.label for c in CORRECTABLE.values())
    + "）；本人可直接修改的字段（" + "、".join(EDITABLE.values()) + "）提交纠错会被拒绝",
)

CorrectionState = strawberry.enum(
    Enum("CorrectionState", {s.upper(): s for s in CORRECTION.states}),
    name="CorrectionState",
    description="纠错申请状态：" + "、".join(f"{k}={v}" for k, v in CORRECTION.states.items()),
)


@strawberry.type(name="CorrectionRequest", description="毕业生对学校导入信息的纠错申请（O2）")
class CorrectionRequestNode(ModelNode):
    model = CorrectionRequest
    id: relay.NodeID[int]
    reason: str
    decision_reason: str
    decided_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    def field(self) -> CorrectableField:
        return CorrectableField(self._row.field)

    @strawberry.field(description="字段的中文名称")
    def field_label(self) -> str:
        return CORRECTABLE[self._row.field].label

    @strawberry.field
    def state(self) -> CorrectionState:
        return CorrectionState(self._row.state)

    @strawberry.field
    def state_label(self) -> str:
        return CORRECTION.states[self._row.state]

    async def _shown(self, info: Info, sealed: str | None) -> str | None:
        value = plain_value(self._row, sealed)
        if not CORRECTABLE[self._row.field].personal:
            return value
        graduate = await info.context.loaders.get(Graduate, self._row.graduate_id)
        return value if authz.sees_personal_data(info.context.viewer, graduate) else crypto.mask_id_number(value)

    @strawberry.field(description="申请时的原值；院系为「院系代码/专业代码」，代码表字段为代码；身份证号码按规则掩码")
    async def current_value(self, info: Info) -> str | None:
        return await self._shown(info, self._row.current_value)

    @strawberry.field(description="申请修改为的值，格式同原值")
    async def requested_value(self, info: Info) -> str | None:
        return await self._shown(info, self._row.requested_value)

    @strawberry.field(description="处理人姓名")
    async def decided_by_name(self, info: Info) -> str | None:
        staff = await info.context.loaders.get(Staff, self._row.decided_by_id)
        return staff.name if staff else None

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))


@strawberry.input(description="纠错申请筛选条件")
class CorrectionFilter:
    state: CorrectionState | None = None
