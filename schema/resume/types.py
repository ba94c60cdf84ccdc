from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from models import ResumeSection
from resolvers.resume.sections import KINDS
from schema.relay import ModelNode

ResumeSectionKind = strawberry.enum(
    Enum("ResumeSectionKind", {k.upper(): k for k in KINDS}),
    name="ResumeSectionKind",
    description="简历条目类别：" + "、".join(f"{k}={v}" for k, v in KINDS.items()),
)


@strawberry.type(name="ResumeSection", description="简历中的一个条目（X2）")
class ResumeSectionNode(ModelNode):
    model = ResumeSection
    id: relay.NodeID[int]
    title: str
    content: str
    updated_at: dt.datetime

    @strawberry.field
    def kind(self) -> ResumeSectionKind:
        return ResumeSectionKind(self._row.kind)

    @strawberry.field(description="类别的中文名称，如「教育经历」")
    def kind_label(self) -> str:
        return KINDS[self._row.kind]

    @strawberry.field(description="在简历中的位置，从 0 开始")
    def position(self) -> int:
        return self._row.sort_order
