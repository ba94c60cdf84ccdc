"""Termination requests (T1-T4) as the graduate and the reviewers see them."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Agreement, Graduate, Termination
from resolvers.states import TERMINATION
from schema.agreements.types import AgreementNode
from schema.people.types import GraduateNode
from schema.relay import ModelNode

if TYPE_CHECKING:
    from schema.review.types import ReviewNode

TerminationState = strawberry.enum(
    Enum("TerminationState", {s.upper(): s for s in TERMINATION.states}),
    name="TerminationState",
    description="解约申请状态：" + "、".join(f"{k}={v}" for k, v in TERMINATION.states.items()),
)


@strawberry.type(description="上传的文件（不含内容）")
class StoredFileInfo:
    filename: str
    content_type: str
    size: int


@strawberry.type(name="Termination", description="解约申请")
class TerminationNode(ModelNode):
    model = Termination
    id: relay.NodeID[int]
    reason: str
    created_at: dt.datetime = strawberry.field(description="申请时间")

    @strawberry.field
    def state(self) -> TerminationState:
        return TerminationState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待审核」")
    def state_label(self) -> str:
        return TERMINATION.states[self._row.state]

    @strawberry.field
    async def agreement(self, info: Info) -> AgreementNode:
        return AgreementNode.from_row(await info.context.loaders.get(Agreement, self._row.agreement_id))

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field(description="用人单位盖章的解约证明材料")
    async def consent_file(self, info: Info) -> StoredFileInfo:
        row = await info.context.loaders.file_info().load(self._row.consent_file_id)
        return StoredFileInfo(filename=row["filename"], content_type=row["content_type"], size=row["size"])

    @strawberry.field(description="审核记录：初审、终审意见与不同意的原因")
    async def reviews(self, info: Info) -> list[Annotated[ReviewNode, strawberry.lazy("schema.review.types")]]:
        from schema.review.types import reviews_of

        return await reviews_of(info, "termination", self._row.id)
