from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.notices import queries
from schema import access
from schema.notices.types import NoticeKind, NoticeNode, NoticeState
from schema.relay import Connection


@strawberry.input
class NoticesFilter:
    state: NoticeState | None = None


@strawberry.input
class MyNoticesFilter:
    kind: NoticeKind | None = None
    unread_only: bool = strawberry.field(default=False, description="只看未读")


@strawberry.type
class Query:
    @access.query("本人管理的通知（学校管理员：本校；院系老师：本院系；省厅：面向全省的），最新的在前",
                  roles=access.STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def notices(self, info: Info, filter: NoticesFilter | None = None, first: int | None = None,
                      after: str | None = None) -> Connection[NoticeNode]:
        state = filter.state.value if filter and filter.state else None
        return Connection.of(await queries.managed(info.context.viewer, state=state, first=first, after=after),
                             NoticeNode)

    @access.query("发给我的通知公告与就业资讯（毕业生，小程序首页）：置顶的在前，再按发布时间从新到旧",
                  roles=access.GRADUATE, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_notices(self, info: Info, filter: MyNoticesFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[NoticeNode]:
        f = filter or MyNoticesFilter()
        page = await queries.mine(info.context.viewer, kind=f.kind.value if f.kind else None,
                                  unread_only=f.unread_only, first=first, after=after)
        return Connection.of(page, NoticeNode)

    @access.query("发给我的未读通知数（毕业生）", roles=access.GRADUATE)
    async def my_unread_notice_count(self, info: Info) -> int:
        return await queries.unread_count(info.context.viewer)
