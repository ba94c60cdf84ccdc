from __future__ import annotations

import strawberry

from models import School, codes
from schema.common import CodeTable, CodeValue
from schema.org.types import SchoolNode
from schema.relay import Connection, paginate


@strawberry.type
class Query:
    @strawberry.field(description="院校列表，可按名称关键字查询（毕业生绑定时选择院校）")
    async def schools(
        self, keyword: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[SchoolNode]:
        qs = School.all()
        if keyword and keyword.strip():
            qs = qs.filter(name__icontains=keyword.strip())
        return await paginate(qs, SchoolNode, first=first, after=after)

    @strawberry.field(description="代码表")
    def code_table(self, table: CodeTable) -> list[CodeValue]:
        return [CodeValue(code=k, label=v) for k, v in codes.TABLES[table.value].items()]
