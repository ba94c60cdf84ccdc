"""`signingInvitationChanged`: the graduate's and the employer's own signing invitations, live (issue 8.2)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing.invitation_stream import invitation_changes
from schema import access
from schema.invitations.types import SigningInvitationNode

SigningInvitationChangeKind = strawberry.enum(
    Enum("SigningInvitationChangeKind", {k.upper(): k for k in (
        "received", "accepted", "declined", "expired", "withdrawn", "answerable")}),
    name="SigningInvitationChangeKind",
    description="邀请的变化：RECEIVED 收到（毕业生）；ACCEPTED、DECLINED 毕业生已接受、已拒绝（用人单位）；"
                "EXPIRED 逾期未答复；WITHDRAWN 用人单位已撤回；ANSWERABLE 毕业生恢复待就业，可以重新答复（毕业生）",
)


@strawberry.type(description="一份签约邀请的变化，带与邀请列表查询相同的邀请对象")
class SigningInvitationChange:
    change: SigningInvitationChangeKind
    invitation: SigningInvitationNode
    sequence: int = strawberry.field(description="引起变化的事件的序号，按提交顺序递增")


@strawberry.type
class Subscription:
    @access.subscription("我的签约邀请的实时变化：毕业生收到的，用人单位发出的（S4、S5、S6）",
                         roles=(*access.GRADUATE, *access.EMPLOYER), errors=[ErrorCode.PERMISSION_DENIED])
    async def signing_invitation_changed(self, info: Info) -> AsyncGenerator[SigningInvitationChange, None]:
        async for c in invitation_changes(info.context):
            yield SigningInvitationChange(change=SigningInvitationChangeKind(c.change),
                                          invitation=SigningInvitationNode.from_row(c.invitation),
                                          sequence=c.sequence)
