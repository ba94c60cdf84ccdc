from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.school_admin import queries
from schema.people.types import StaffNode
from schema.relay import Connection


@strawberry.type
class Query:
    @strawberry.field(description="本校工作人员账号（学校管理员与院系老师），仅本校学校管理员可查")
    async def staff_accounts(self, info: Info, first: int | None = None, after: str | None = None
                             ) -> Connection[StaffNode]:
        return Connection.of(await queries.staff_accounts(info.context.viewer, first=first, after=after), StaffNode)
