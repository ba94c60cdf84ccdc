from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.fairs import queries
from schema import access
from schema.fairs.types import (
    FairApplicationNode,
    FairApplicationState,
    FairRegistrationNode,
    FairRegistrationState,
    JobFairNode,
    JobFairState,
)
from schema.relay import Connection, decode_id


@strawberry.input
class JobFairsFilter:
    state: JobFairState | None = None


@strawberry.input
class FairApplicationsFilter:
    state: FairApplicationState | None = None


@strawberry.input
class FairRegistrationsFilter:
    state: FairRegistrationState | None = None


@strawberry.input
class MyJobFairsFilter:
    registered_only: bool = strawberry.field(default=False, description="只看我已报名的")


@strawberry.type
class Query:
    @access.query("本校的校内招聘会（学校管理员、院系老师），最新建的在前", roles=access.SCHOOL_STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def job_fairs(self, info: Info, filter: JobFairsFilter | None = None, first: int | None = None,
                        after: str | None = None) -> Connection[JobFairNode]:
        state = filter.state.value if filter and filter.state else None
        return Connection.of(await queries.managed(info.context.viewer, state=state, first=first, after=after),
                             JobFairNode)

    @access.query("本校某场招聘会的参会申请（学校管理员、院系老师）", roles=access.SCHOOL_STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND])
    async def fair_applications(self, info: Info, fair_id: strawberry.ID,
                                filter: FairApplicationsFilter | None = None, first: int | None = None,
                                after: str | None = None) -> Connection[FairApplicationNode]:
        state = filter.state.value if filter and filter.state else None
        page = await queries.fair_applications(info.context.viewer, decode_id(fair_id, JobFairNode, "fairId"),
                                               state=state, first=first, after=after)
        return Connection.of(page, FairApplicationNode)

    @access.query("可申请参会的招聘会（用人单位）：各校已发布、尚未结束的，最新发布的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def open_job_fairs(self, info: Info, school_id: strawberry.ID | None = None, first: int | None = None,
                             after: str | None = None) -> Connection[JobFairNode]:
        school = decode_id(school_id, "School", "schoolId") if school_id else None
        page = await queries.for_employers(info.context.viewer, school_id=school, first=first, after=after)
        return Connection.of(page, JobFairNode)

    @access.query("本单位的参会申请（用人单位），最新的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_fair_applications(self, info: Info, first: int | None = None,
                                   after: str | None = None) -> Connection[FairApplicationNode]:
        return Connection.of(await queries.employer_applications(info.context.viewer, first=first, after=after),
                             FairApplicationNode)

    @access.query("本校已发布、尚未结束的招聘会（毕业生），开始时间早的在前；含参会单位、职位与我的报名",
                  roles=access.GRADUATE, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def my_job_fairs(self, info: Info, filter: MyJobFairsFilter | None = None, first: int | None = None,
                           after: str | None = None) -> Connection[JobFairNode]:
        f = filter or MyJobFairsFilter()
        page = await queries.for_graduate(info.context.viewer, registered_only=f.registered_only, first=first,
                                          after=after)
        return Connection.of(page, JobFairNode)

    @access.query("本校某场招聘会的毕业生报名（学校管理员看全校，院系老师只看本院系毕业生），先报名的在前",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                                                     ErrorCode.NOT_FOUND])
    async def fair_registrations(self, info: Info, fair_id: strawberry.ID,
                                 filter: FairRegistrationsFilter | None = None, first: int | None = None,
                                 after: str | None = None) -> Connection[FairRegistrationNode]:
        state = filter.state.value if filter and filter.state else None
        page = await queries.fair_registrations(info.context.viewer, decode_id(fair_id, JobFairNode, "fairId"),
                                                state=state, first=first, after=after)
        return Connection.of(page, FairRegistrationNode)
