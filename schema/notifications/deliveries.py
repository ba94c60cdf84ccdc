from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Self

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Delivery
from notifications.deliveries import STATUSES
from resolvers.context import Context
from resolvers.errors import ErrorCode
from resolvers.nodes import parse_pk
from resolvers.notifications import deliveries
from schema import access, limits, mutation
from schema.errors import Error
from schema.notifications.preferences import NotificationChannel
from schema.relay import Connection, ModelNode, decode_id

DeliveryStatus = strawberry.enum(
    Enum("DeliveryStatus", {s.upper(): s for s in STATUSES}), name="DeliveryStatus",
    description="PENDING 待发送 · SENDING 发送中 · SENT 已发送 · FAILED 失败（不再重试）· DEAD 多次重试后放弃 · "
                "SUPPRESSED 无需发送（无地址、未配置渠道或收件人已关闭）")


@strawberry.type(name="Delivery",
                 description="一条经微信、短信或邮件发出的通知；只有本校学校管理员可见，不含地址与正文")
class DeliveryNode(ModelNode):
    model = Delivery
    id: relay.NodeID[int]
    kind: str = strawberry.field(description="事件类型，如 invitation.received")
    recipient_kind: str = strawberry.field(description="graduate / employer / staff")
    attempts: int
    last_error: str = strawberry.field(description="最近一次失败的原因（服务商的错误码与说明，手机号已打码）")
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    sent_at: dt.datetime | None

    @strawberry.field
    def channel(self) -> NotificationChannel:
        return NotificationChannel(self._row.channel)

    @strawberry.field
    def status(self) -> DeliveryStatus:
        return DeliveryStatus(self._row.status)

    @strawberry.field(description="收件人编号（毕业生、用人单位或工作人员的数据库编号）")
    def recipient_id(self) -> int:
        return self._row.recipient_id

    @classmethod
    def from_row(cls, row: Delivery) -> Self:
        node = cls(id=row.id, kind=row.kind, recipient_kind=row.recipient_kind, attempts=row.attempts,
                   last_error=row.last_error, next_attempt_at=row.next_attempt_at, created_at=row.created_at,
                   sent_at=row.sent_at)
        node._row = row
        return node

    @classmethod
    async def visible_rows(cls, ctx: Context, node_ids: Iterable[str]) -> list[Delivery | None]:
        return await deliveries.visible(ctx, [parse_pk(i) for i in node_ids])


@strawberry.input
class RequeueDeliveriesInput:
    ids: list[strawberry.ID] = limits.text(limits.ID, max_items=limits.MAX_IDS,
                                           description="通知发送记录编号，最多 100 个")


@strawberry.type
class RequeueDeliveriesPayload:
    errors: list[Error]
    deliveries: list[DeliveryNode] | None = None


@strawberry.type
class Query:
    @access.query("本校发送失败（FAILED）与已放弃（DEAD）的通知，最新的在前；status 可另选状态",
                  roles=access.SCHOOL_ADMIN, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def failed_deliveries(self, info: Info, status: list[DeliveryStatus] | None = None,
                                first: int | None = None, after: str | None = None) -> Connection[DeliveryNode]:
        statuses = [s.value for s in status] if status else None
        page = await deliveries.failed(info.context, statuses=statuses, first=first, after=after)
        return Connection.of(page, DeliveryNode)


@strawberry.type
class Mutation:
    @access.mutation("学校管理员重新发送本校失败或已放弃的通知（记入审计日志）", roles=access.SCHOOL_ADMIN,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def requeue_deliveries(self, info: Info, input: RequeueDeliveriesInput) -> RequeueDeliveriesPayload:
        async def action():
            ids = [decode_id(g, DeliveryNode, field=["ids", str(i)]) for i, g in enumerate(input.ids)]
            return {"deliveries": [DeliveryNode.from_row(r) for r in await deliveries.requeue(info.context, ids)]}

        return await mutation.run(info, RequeueDeliveriesPayload, action, input=input)
