from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin import queries
from schema import access
from schema.origin.types import CorrectionFilter, CorrectionRequestNode
from schema.relay import Connection


@strawberry.type
class Query:
    @access.query("纠错申请，最新的在前：毕业生本人的，院系老师本院系的，学校管理员本校的",
                  roles=(*access.GRADUATE, *access.STAFF),
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def correction_requests(
        self, info: Info, filter: CorrectionFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[CorrectionRequestNode]:
        state = filter.state.value if filter and filter.state else None
        page = await queries.correction_requests(info.context.viewer, state, first=first, after=after)
        return Connection.of(page, CorrectionRequestNode)
