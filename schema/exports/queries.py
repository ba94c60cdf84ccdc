from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from schema import access
from schema.exports.types import ExportNode
from schema.relay import resolve_global_id


@strawberry.type
class Query:
    @access.query("一次导出的状态与（完成后的）限时下载链接；非导出人且范围不同的工作人员得到 null",
                  roles=access.STAFF, errors=[ErrorCode.INVALID_ID])
    async def export(self, info: Info, id: strawberry.ID) -> ExportNode | None:
        node = await resolve_global_id(info, id)
        return node if isinstance(node, ExportNode) else None
