from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Graduate, NationalFeedback
from resolvers.national import feedback, view
from resolvers.national.snapshots import RECORDS
from resolvers.states import NATIONAL_FEEDBACK
from schema.people.types import GraduateNode
from schema.relay import ModelNode

NationalRecordKind = strawberry.enum(
    Enum("NationalRecordKind", {k.upper(): k for k in RECORDS}),
    name="NationalRecordKind",
    description="全国系统中的信息类别：" + "、".join(f"{k}={v}" for k, v in RECORDS.items()),
)
NationalFeedbackState = strawberry.enum(
    Enum("NationalFeedbackState", {s.upper(): s for s in NATIONAL_FEEDBACK.states}),
    name="NationalFeedbackState",
    description="反馈状态：" + "、".join(f"{k}={v}" for k, v in NATIONAL_FEEDBACK.states.items()),
)


@strawberry.type(description="全国系统中的一项信息：国家代码表中的值与其名称")
class NationalField:
    key: str = strawberry.field(description="字段，如 origin_region_code")
    label: str = strawberry.field(description="字段名称，如「生源地代码」")
    value: str = strawberry.field(description="全国系统存的值（有代码表的为代码）")
    text: str = strawberry.field(description="值的名称（代码对应的名称）")


@strawberry.type(description="全国系统中毕业生的一类信息：最后一次发送并被确认收到的内容")
class NationalHeldRecord:
    acknowledged_at: dt.datetime | None = strawberry.field(description="全国系统确认收到的时间；尚未收到为 null")
    pending: bool = strawberry.field(description="有更新的内容正在排队或发送，尚未被全国系统确认收到")
    refusal_reason: str | None = strawberry.field(description="最新内容被全国系统退回时的原因")
    fields: list[NationalField] = strawberry.field(description="全国系统现有的内容；尚无时为空")
    _record: strawberry.Private[str]

    @strawberry.field
    def record(self) -> NationalRecordKind:
        return NationalRecordKind(self._record)

    @strawberry.field(description="类别名称，如「生源信息」")
    def record_label(self) -> str:
        return RECORDS[self._record]

    @classmethod
    def of(cls, held: view.HeldRecord) -> NationalHeldRecord:
        return cls(acknowledged_at=held.acknowledged_at, pending=held.pending, refusal_reason=held.refusal_reason,
                   fields=[NationalField(key=k, label=lb, value=v, text=t) for k, lb, v, t in held.fields],
                   _record=held.record)


@strawberry.type(description="全国毕业去向登记系统数据查看：本人在全国系统中的信息与确认状态")
class NationalRecord:
    records: list[NationalHeldRecord]
    confirmed_at: dt.datetime | None = strawberry.field(description="本人确认无误的时间；未确认或确认后又有变更为 null")
    can_confirm: bool = strawberry.field(description="可以确认：全国系统已有信息，且没有待同步或被退回的内容")

    @classmethod
    def of(cls, record: view.NationalRecord) -> NationalRecord:
        return cls(records=[NationalHeldRecord.of(r) for r in record.records], confirmed_at=record.confirmed_at,
                   can_confirm=not record.unsettled and any(r.item_id for r in record.records))


@strawberry.type(name="NationalRecordFeedback",
                 description="毕业生对全国系统中信息的反馈（毕业生信息反馈），由学校答复")
class NationalFeedbackNode(ModelNode):
    model = NationalFeedback
    id: relay.NodeID[int]
    body: str
    answer: str
    answered_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    def record(self) -> NationalRecordKind:
        return NationalRecordKind(self._row.record)

    @strawberry.field
    def state(self) -> NationalFeedbackState:
        return NationalFeedbackState(self._row.state)

    @strawberry.field(description="反馈的毕业生")
    async def graduate(self, info: Info) -> GraduateNode | None:
        row = await info.context.loaders.get(Graduate, self._row.graduate_id)
        return GraduateNode.from_row(row) if row else None

    @classmethod
    async def visible_rows(cls, ctx, node_ids):
        return await feedback.by_ids(ctx.viewer, list(node_ids))
