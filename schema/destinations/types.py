"""Destination registrations (D1-D5) as graduates and reviewers see them, and the catalog of what each type asks."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Department, Destination, Graduate, codes
from resolvers import file_access
from resolvers.destination import catalog
from resolvers.destination.details import shown as shown_detail
from resolvers.states import DESTINATION
from schema.common import StoredFileInfo, stored_file_info
from schema.org.types import DepartmentNode
from schema.people.types import GraduateNode
from schema.relay import ModelNode, encode_id

if TYPE_CHECKING:
    from schema.review.types import ReviewNode

DestinationState = strawberry.enum(
    Enum("DestinationState", {s.upper(): s for s in DESTINATION.states}),
    name="DestinationState",
    description="去向登记状态：" + "、".join(f"{k}={v}" for k, v in DESTINATION.states.items()),
)


@strawberry.type(description="去向登记的一项内容：项目名（与 DestinationDetailsInput 的字段对应）、中文名称与值")
class DestinationDetail:
    name: str
    label: str
    value: str


@strawberry.type(description="一份证明材料：文件编号（删除时用）与文件信息")
class DestinationProof:
    file_id: strawberry.ID
    file: StoredFileInfo


@strawberry.type(name="Destination", description="毕业去向登记（D1-D5）")
class DestinationNode(ModelNode):
    model = Destination
    id: relay.NodeID[int]
    version: int
    returned_fields: list[str] = strawberry.field(description="退回修改时老师指出需修改的项目")
    submitted_at: dt.datetime | None = strawberry.field(description="提交审核时间")
    approved_at: dt.datetime | None
    voided_at: dt.datetime | None = strawberry.field(description="毕业生作废本条去向的时间（D4）")
    created_at: dt.datetime

    @strawberry.field(description="毕业去向代码（国家两位代码）")
    def type(self) -> str:
        return self._row.type

    @strawberry.field(description="毕业去向名称")
    def type_label(self) -> str:
        return codes.DESTINATION_TYPE.get(self._row.type, self._row.type)

    @strawberry.field(description="具体去向代码：国家三位代码，或本平台代码（P 开头，导出时归入两位代码）")
    def sub_type(self) -> str | None:
        return self._row.sub_type

    @strawberry.field(description="具体去向名称")
    def sub_type_label(self) -> str | None:
        return catalog.sub_type_label(self._row.sub_type)

    @strawberry.field(description="报送国家的去向代码：有三位代码时为三位，否则为两位")
    def national_code(self) -> str:
        return catalog.national_code(self._row.type, self._row.sub_type)

    @strawberry.field
    def state(self) -> DestinationState:
        return DestinationState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待审核」")
    def state_label(self) -> str:
        return DESTINATION.states[self._row.state]

    @strawberry.field(description="录入人：GRADUATE 毕业生本人，STAFF 学校老师代录")
    def entered_by(self) -> str:
        return self._row.entered_by_kind.upper()

    @strawberry.field(description="登记的各项内容，按去向类型要求的顺序")
    def details(self) -> list[DestinationDetail]:
        return [
            DestinationDetail(
                name=catalog.FIELDS[k].name if k in catalog.FIELDS else k,
                label=catalog.FIELDS[k].label if k in catalog.FIELDS else k,
                value=shown_detail(v),
            )
            for k, v in (self._row.details or {}).items()
        ]

    @strawberry.field(description="证明材料份数")
    def proofs_count(self) -> int:
        return len(self._row.proof_file_ids or [])

    @strawberry.field(description="证明材料；下载链接仅毕业生本人与其院系、学校审核老师可得")
    async def proofs(self, info: Info) -> list[DestinationProof]:
        return [
            DestinationProof(file_id=strawberry.ID(encode_id("StoredFile", i)), file=stored_file_info(v))
            for i, v in await file_access.destination_proofs(info.context, self._row)
        ]

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field(description="审核记录：各轮的初审、终审意见")
    async def reviews(self, info: Info) -> list[Annotated[ReviewNode, strawberry.lazy("schema.review.types")]]:
        from schema.review.types import reviews_of

        return await reviews_of(info, "destination", self._row.id)


@strawberry.type(description="去向登记的一个项目：名称（DestinationDetailsInput 的字段）、中文名称、是否必填")
class DestinationFieldInfo:
    name: str
    label: str
    required: bool


@strawberry.type(description="可登记的一种去向：类型、具体去向、国家代码、需填写的项目与证明材料要求")
class DestinationKindInfo:
    type: str
    type_label: str
    sub_type: str | None
    label: str
    national_code: str
    fields: list[DestinationFieldInfo]
    proof_criteria: str = strawberry.field(description="证明材料要求（学校审核依据）")
    proofs_at_least: int = strawberry.field(description="至少几份材料（一份 PDF 可包含全部页）；0 为无需材料")
    directed_only: bool = strawberry.field(description="仅定向、委培毕业生可登记（D5）")


def kind_info(kind: catalog.Kind) -> DestinationKindInfo:
    optional = [f for f in catalog.OPTIONAL if f not in kind.fields] if kind.fields else []
    return DestinationKindInfo(
        type=kind.type,
        type_label=catalog.type_label(kind.type),
        sub_type=kind.sub_type,
        label=kind.label,
        national_code=kind.national_code,
        fields=[DestinationFieldInfo(name=f.name, label=f.label, required=True) for f in kind.fields]
        + [DestinationFieldInfo(name=f.name, label=f.label, required=False) for f in optional],
        proof_criteria=kind.proofs.criteria,
        proofs_at_least=kind.proofs.at_least,
        directed_only=kind.sub_type == catalog.DIRECTED_SUPPLEMENT,
    )
