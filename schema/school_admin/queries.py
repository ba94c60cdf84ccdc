from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.school_admin import queries
from schema import access
from schema.people.types import StaffNode
from schema.relay import Connection


@strawberry.type
class Query:
    @access.query("本校工作人员账号（学校管理员与院系老师），仅本校学校管理员可查", roles=access.SCHOOL_ADMIN,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def staff_accounts(self, info: Info, first: int | None = None, after: str | None = None
                             ) -> Connection[StaffNode]:
        return Connection.of(await queries.staff_accounts(info.context.viewer, first=first, after=after), StaffNode)
