from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.printing import queries
from schema import access
from schema.org.types import DepartmentNode
from schema.printing.types import PrintListRow
from schema.relay import Connection, decode_id


@strawberry.input(description="协议书打印管理的筛选条件")
class PrintListFilter:
    department_id: strawberry.ID | None = None
    printed: bool | None = strawberry.field(default=None, description="true 只看已打印的，false 只看未打印的")


def print_filter(f: PrintListFilter | None, path: str = "filter") -> queries.PrintFilter:
    f = f or PrintListFilter()
    return queries.PrintFilter(
        department_id=decode_id(f.department_id, DepartmentNode, f"{path}.departmentId") if f.department_id else None,
        printed=f.printed)


@strawberry.type
class Query:
    @access.query("协议书打印管理（P1）：本院系（院系老师）或本校（学校管理员）审核通过的协议书，最新的在前",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def print_list(self, info: Info, filter: PrintListFilter | None = None, first: int | None = None,
                         after: str | None = None) -> Connection[PrintListRow]:
        page = await queries.print_list(info.context.viewer, print_filter(filter), first=first, after=after)
        return Connection.of(page, PrintListRow)
