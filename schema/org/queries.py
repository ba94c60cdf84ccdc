from __future__ import annotations

import strawberry

from models import codes
from resolvers.errors import ErrorCode
from resolvers.org import queries
from schema import access
from schema.common import CodeTable, CodeValue
from schema.org.types import SchoolNode
from schema.relay import Connection


@strawberry.type
class Query:
    @access.query("院校列表，可按名称关键字查询（毕业生绑定时选择院校）", roles=access.ANYONE,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def schools(
        self, keyword: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[SchoolNode]:
        return Connection.of(await queries.schools(keyword, first=first, after=after), SchoolNode)

    @access.query("代码表", roles=access.ANYONE,
                  errors=[])
    def code_table(self, table: CodeTable) -> list[CodeValue]:
        return [CodeValue(code=k, label=v) for k, v in codes.TABLES[table.value].items()]
