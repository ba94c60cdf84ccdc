from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay

from models import Notification
from resolvers.context import Context
from resolvers.nodes import parse_pk
from resolvers.notifications import inbox
from resolvers.paging import cursor_of
from schema.relay import ModelNode, encode_id


@strawberry.type(name="Notification", description="站内通知；只有收件人本人可见")
class NotificationNode(ModelNode):
    model = Notification
    id: relay.NodeID[int]
    sequence: int = strawberry.field(description="通知序号：按提交顺序递增，不跳号地续读用")
    kind: str = strawberry.field(description="事件类型，如 invitation.received")
    title: str
    body: str
    read_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field(description="续读游标：notificationAdded(after:) 从它之后补发；与 myNotifications 边的相同")
    def cursor(self) -> str:
        return cursor_of(self.sequence)

    @strawberry.field(description="新的通知公告（kind 为 notice.published，仅在 notificationAdded 中推送给"
                                  "公告面向的毕业生）：该公告的编号，用 notice(id:) 查看、markNoticesRead 标为"
                                  "已读；这类通知不在 myNotifications 中，已读与否以公告列表为准。其他通知为空")
    def notice_id(self) -> strawberry.ID | None:
        notice = getattr(self._row, "notice_id", None)
        return encode_id("Notice", notice) if notice is not None else None

    @classmethod
    def from_row(cls, row: Notification) -> Self:
        node = cls(id=row.sequence, sequence=row.sequence, kind=row.kind, title=row.title, body=row.body,
                   read_at=row.read_at, created_at=row.created_at)
        node._row = row
        return node

    @classmethod
    async def visible_rows(cls, ctx: Context, node_ids: Iterable[str]) -> list[Notification | None]:
        return await inbox.visible(ctx, [parse_pk(i) for i in node_ids])
