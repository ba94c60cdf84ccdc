from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Department, Notice, School, codes
from resolvers import authz, file_access
from resolvers.notices.manage import KINDS
from resolvers.states import NOTICE
from resolvers.viewer import Role
from schema.common import CodeValue, StoredFileInfo, code_value, stored_file_info
from schema.org.types import DepartmentNode, SchoolNode
from schema.relay import ModelNode, encode_id

NoticeKind = strawberry.enum(
    Enum("NoticeKind", {k.upper(): k for k in KINDS}),
    name="NoticeKind",
    description="通知类别：" + "、".join(f"{k}={v}" for k, v in KINDS.items()),
)
NoticeState = strawberry.enum(
    Enum("NoticeState", {s.upper(): s for s in NOTICE.states}),
    name="NoticeState",
    description="通知状态：" + "、".join(f"{k}={v}" for k, v in NOTICE.states.items()),
)


@strawberry.type(description="通知的一个附件：文件编号（删除时用）与文件信息")
class NoticeAttachment:
    file_id: strawberry.ID
    file: StoredFileInfo


@strawberry.type(name="Notice", description="学校或省厅发布的通知公告、就业资讯（小程序首页）")
class NoticeNode(ModelNode):
    model = Notice
    id: relay.NodeID[int]
    title: str
    body: str
    pinned: bool = strawberry.field(description="置顶：毕业生列表中排在前面")
    published_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field
    def kind(self) -> NoticeKind:
        return NoticeKind(self._row.kind)

    @strawberry.field
    def state(self) -> NoticeState:
        return NoticeState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「已发布」")
    def state_label(self) -> str:
        return NOTICE.states[self._row.state]

    @strawberry.field(description="发布学校；省厅发布的面向全省院校的通知为 null")
    async def school(self, info: Info) -> SchoolNode | None:
        row = await info.context.loaders.get(School, self._row.school_id)
        return SchoolNode.from_row(row) if row else None

    @strawberry.field(description="面向的院系；面向全校（或全省）时为 null")
    async def department(self, info: Info) -> DepartmentNode | None:
        row = await info.context.loaders.get(Department, self._row.department_id)
        return DepartmentNode.from_row(row) if row else None

    @strawberry.field(description="面向的学历层次；面向所有学历层次时为 null")
    def education_level(self) -> CodeValue | None:
        return code_value(codes.EDUCATION_LEVEL, self._row.education_level)

    @strawberry.field(description="附件；能看到这条通知的人可得下载链接")
    async def attachments(self, info: Info) -> list[NoticeAttachment]:
        return [NoticeAttachment(file_id=strawberry.ID(encode_id("StoredFile", i)), file=stored_file_info(v))
                for i, v in await file_access.notice_attachments(info.context, self._row)]

    @strawberry.field(description="毕业生本人读过的时间；未读为 null；老师查看时总为 null")
    def read_at(self, info: Info) -> dt.datetime | None:
        return getattr(self._row, "read_at", None) if info.context.viewer.role is Role.GRADUATE else None

    @strawberry.field(description="毕业生本人是否未读；老师查看时总为 false")
    def unread(self, info: Info) -> bool:
        viewer = info.context.viewer
        return viewer.role is Role.GRADUATE and getattr(self._row, "read_at", None) is None

    @strawberry.field(description="当前可做的操作（老师）：publish、withdraw")
    def allowed_actions(self, info: Info) -> list[str]:
        if not authz.manages_notice(info.context.viewer, self._row):
            return []
        return NOTICE.allowed_actions(self._row.state)
