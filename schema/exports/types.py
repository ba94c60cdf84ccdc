"""An export of a list (issue 11 §6): its state, and a short-lived download link once the file is ready."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Export
from resolvers import file_links
from resolvers.exports import jobs
from resolvers.exports.registry import KINDS
from schema.relay import ModelNode

ExportKind = strawberry.enum(
    Enum("ExportKind", {name.upper(): name for name in KINDS}),
    name="ExportKind",
    description="可导出的列表：" + "、".join(f"{name.upper()}={kind.title}" for name, kind in KINDS.items()),
)
ExportState = strawberry.enum(
    Enum("ExportState", {s.upper(): s for s in jobs.STATES}),
    name="ExportState", description="导出状态：" + "、".join(f"{k.upper()}={v}" for k, v in jobs.STATES.items()),
)


@strawberry.type(name="Export", description="一次导出：在后台生成 .xlsx 文件，完成后提供限时下载链接；"
                                           "仅导出人及与其范围相同的工作人员可见")
class ExportNode(ModelNode):
    model = Export
    id: relay.NodeID[int]
    row_count: int | None = strawberry.field(description="导出的行数（不含表头）；未完成时为 null")
    requested_at: dt.datetime = strawberry.field(description="申请导出时间")
    finished_at: dt.datetime | None = strawberry.field(description="完成（或失败）时间")

    @classmethod
    def from_row(cls, row: Export) -> ExportNode:
        node = cls(id=row.id, row_count=row.row_count, requested_at=row.created_at, finished_at=row.finished_at)
        node._row = row
        return node

    @strawberry.field
    def kind(self) -> ExportKind:
        return ExportKind(self._row.kind)

    @strawberry.field(description="导出的列表名称，如「审核队列」")
    def title(self) -> str:
        return KINDS[self._row.kind].title

    @strawberry.field
    def state(self) -> ExportState:
        return ExportState(jobs.state_of(self._row))

    @strawberry.field(description="状态的中文名称")
    def state_label(self) -> str:
        return jobs.STATES[jobs.state_of(self._row)]

    @strawberry.field(description="失败原因；未失败时为 null")
    def error(self) -> str | None:
        return self._row.error or None

    @strawberry.field(description="表头（即列表在页面上的各列）")
    def columns(self) -> list[str]:
        return list(KINDS[self._row.kind].columns)

    @strawberry.field(description="文件的限时下载链接（每次读取重新签发）；未完成时为 null")
    def url(self, info: Info) -> str | None:
        return self._link(info).url if self._row.file_id else None

    @strawberry.field(description="下载链接的失效时间")
    def url_expires_at(self, info: Info) -> dt.datetime | None:
        return self._link(info).expires_at if self._row.file_id else None

    def _link(self, info: Info) -> file_links.Link:
        # One link per object, so url and urlExpiresAt agree.
        link = getattr(self, "_signed", None)
        if link is None:
            link = self._signed = file_links.link(info.context, self._row.file_id)
        return link
