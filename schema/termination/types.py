"""Termination requests (T1-T4) as the graduate and the reviewers see them."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Agreement, Graduate, Termination
from resolvers import file_access
from resolvers.states import TERMINATION
from schema.agreements.types import AgreementNode
from schema.common import StoredFileInfo, stored_file_info
from schema.people.types import GraduateNode
from schema.relay import ModelNode

if TYPE_CHECKING:
    from schema.review.types import ReviewNode

TerminationState = strawberry.enum(
    Enum("TerminationState", {s.upper(): s for s in TERMINATION.states}),
    name="TerminationState",
    description="解约申请状态：" + "、".join(f"{k}={v}" for k, v in TERMINATION.states.items()),
)


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

    @strawberry.field(description="用人单位盖章的解约证明材料；下载链接仅毕业生本人与其院系、学校审核老师可得")
    async def consent_file(self, info: Info) -> StoredFileInfo:
        return stored_file_info(await file_access.consent_file(info.context, self._row))

    @strawberry.field(description="审核记录：初审、终审意见与不同意的原因")
    async def reviews(self, info: Info) -> list[Annotated[ReviewNode, strawberry.lazy("schema.review.types")]]:
        from schema.review.types import reviews_of

        return await reviews_of(info, "termination", self._row.id)
