from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notifications import inbox
from schema import access, limits, mutation
from schema.errors import Error
from schema.notifications.types import NotificationNode
from schema.relay import decode_id


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] = limits.text(limits.ID, max_items=limits.MAX_IDS, description="通知编号，最多 100 个")


@strawberry.type
class MarkNotificationsReadPayload:
    errors: list[Error]
    notifications: list[NotificationNode] | None = None
    unread_count: int | None = None


@strawberry.input
class MarkAllNotificationsReadInput:
    up_to_id: strawberry.ID | None = limits.text(
        limits.ID, default=None, description="只标记这条及更早的通知（客户端已显示的最新一条）；留空标记全部")


@strawberry.type
class MarkAllNotificationsReadPayload:
    errors: list[Error]
    marked_count: int | None = None
    unread_count: int | None = None


@strawberry.type
class Mutation:
    @access.mutation("将我的通知标记为已读；含他人或不存在的通知时一条也不标记", roles=access.SIGNED_IN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.TOO_LONG])
    async def mark_notifications_read(self, info: Info,
                                      input: MarkNotificationsReadInput) -> MarkNotificationsReadPayload:
        async def action():
            ids = [decode_id(g, NotificationNode, field=["ids", str(i)]) for i, g in enumerate(input.ids)]
            rows = await inbox.mark_read(info.context, ids)
            return {"notifications": [NotificationNode.from_row(r) for r in rows],
                    "unread_count": await inbox.unread_count(info.context)}

        return await mutation.run(info, MarkNotificationsReadPayload, action, input=input)

    @access.mutation("将我的全部未读通知标记为已读", roles=access.SIGNED_IN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.TOO_LONG])
    async def mark_all_notifications_read(self, info: Info,
                                          input: MarkAllNotificationsReadInput) -> MarkAllNotificationsReadPayload:
        async def action():
            up_to = decode_id(input.up_to_id, NotificationNode, field="upToId") if input.up_to_id else None
            marked = await inbox.mark_all_read(info.context, up_to)
            return {"marked_count": marked, "unread_count": await inbox.unread_count(info.context)}

        return await mutation.run(info, MarkAllNotificationsReadPayload, action, input=input)
