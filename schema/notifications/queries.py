from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notifications import inbox
from schema import access
from schema.notifications.types import NotificationNode
from schema.relay import Connection


@strawberry.type
class Query:
    @access.query("我的站内通知，最新的在前；unreadOnly 只列未读", roles=access.SIGNED_IN,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_notifications(self, info: Info, first: int | None = None, after: str | None = None,
                               unread_only: bool = False) -> Connection[NotificationNode]:
        page = await inbox.my_notifications(info.context, unread_only=unread_only, first=first, after=after)
        return Connection.of(page, NotificationNode)

    @access.query("我的未读通知数", roles=access.SIGNED_IN)
    async def unread_notification_count(self, info: Info) -> int:
        return await inbox.unread_count(info.context)
