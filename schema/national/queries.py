from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.national import feedback, sync, view
from schema import access
from schema.national.types import NationalFeedbackNode, NationalFeedbackState, NationalRecord
from schema.people.queries import GraduateFilter, graduate_filter
from schema.people.types import GraduateNode
from schema.relay import Connection


@strawberry.input(description="反馈列表筛选条件")
class NationalFeedbackFilter:
    state: NationalFeedbackState | None = None


@strawberry.type(description="与全国系统的同步状况（学校）")
class NationalSyncStatus:
    configured: bool = strawberry.field(description="已配置全国系统接口；未配置时变更只排队，不发送")
    queued: int = strawberry.field(description="排队或发送中、尚未被全国系统确认收到的信息条数")
    refused: int = strawberry.field(description="被全国系统退回、尚未修改的信息条数")


@strawberry.type
class Query:
    @access.query("全国毕业去向登记系统数据查看（毕业生本人）：全国系统已确认收到的各类信息、待同步与退回情况",
                  roles=access.GRADUATE)
    async def my_national_record(self, info: Info) -> NationalRecord:
        return NationalRecord.of(await view.mine(info.context.viewer))

    @access.query("尚未确认全国系统中信息的毕业生（院系老师本院系，学校管理员本校）",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def national_unconfirmed_graduates(
        self, info: Info, filter: GraduateFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[GraduateNode]:
        page = await view.unconfirmed(info.context.viewer, graduate_filter(filter), first=first, after=after)
        return Connection.of(page, GraduateNode)

    @access.query("尚未确认全国系统中信息的毕业生人数（院系老师本院系，学校管理员本校）",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def national_unconfirmed_count(self, info: Info, filter: GraduateFilter | None = None) -> int:
        return await view.unconfirmed_count(info.context.viewer, graduate_filter(filter))

    @access.query("毕业生对全国系统中信息的反馈：毕业生本人的，院系老师本院系的，学校管理员本校的；最新的在前",
                  roles=(*access.GRADUATE, *access.SCHOOL_STAFF),
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def national_record_feedback(
        self, info: Info, filter: NationalFeedbackFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[NationalFeedbackNode]:
        state = filter.state.value if filter and filter.state else None
        return Connection.of(await feedback.listed(info.context.viewer, state, first=first, after=after),
                             NationalFeedbackNode)

    @access.query("反馈条数（可按状态，如待处理）", roles=(*access.GRADUATE, *access.SCHOOL_STAFF))
    async def national_record_feedback_count(self, info: Info, filter: NationalFeedbackFilter | None = None) -> int:
        state = filter.state.value if filter and filter.state else None
        return await feedback.count(info.context.viewer, state)

    @access.query("与全国系统的同步状况：是否已配置接口、排队与退回的条数（院系老师本院系，学校管理员本校）",
                  roles=access.SCHOOL_STAFF)
    async def national_sync_status(self, info: Info) -> NationalSyncStatus:
        configured, queued, refused = await sync.status(info.context.viewer)
        return NationalSyncStatus(configured=configured, queued=queued, refused=refused)
