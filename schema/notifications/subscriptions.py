from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notifications import live
from schema import access
from schema.notifications.types import NotificationNode


@strawberry.type
class Subscription:
    @access.subscription(
        "我的新通知：先补发游标之后错过的（after 为 myNotifications 边或通知的 cursor；留空只推送此后的新通知），"
        "再实时推送，不漏不重。连接须在 connection_init 的 payload 中带 {\"Authorization\": \"Bearer <令牌>\"}；"
        "令牌到期时连接以 4401 TOKEN_EXPIRED 关闭，接收过慢以 4503 SUBSCRIBER_TOO_SLOW 关闭，"
        "均以最后收到的 cursor 重新订阅",
        roles=access.SIGNED_IN, errors=[ErrorCode.INVALID_ID, ErrorCode.SUBSCRIBER_TOO_SLOW])
    async def notification_added(self, info: Info, after: str | None = None
                                 ) -> AsyncGenerator[NotificationNode, None]:
        async for row in live.notification_added(info.context, after):
            yield NotificationNode.from_row(row)
