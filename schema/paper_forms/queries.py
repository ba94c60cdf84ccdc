from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import paging
from resolvers.errors import ErrorCode
from resolvers.paper_forms.forms import own_form, visible_forms
from schema import access
from schema.org.types import DepartmentNode
from schema.paper_forms.types import PaperFormFilter, PaperFormNode
from schema.relay import Connection, decode_id


@strawberry.type
class Query:
    @access.query("纸质协议书，最新的在前（含已作废的）：院系老师本院系的，学校管理员本校的（F3）",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def paper_forms(
        self, info: Info, filter: PaperFormFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[PaperFormNode]:
        department_id = None
        if filter and filter.department_id:
            department_id = decode_id(filter.department_id, DepartmentNode, "filter.departmentId")
        qs = visible_forms(info.context.viewer, filter.collected if filter else None, department_id)
        return Connection.of(await paging.page(qs, first=first, after=after, newest_first=True), PaperFormNode)

    @access.query("毕业生本人当前持有（或已交回）的纸质协议书；学校未登记时为 null", roles=access.GRADUATE, errors=[])
    async def my_paper_form(self, info: Info) -> PaperFormNode | None:
        form = await own_form(info.context.viewer)
        return PaperFormNode.from_row(form) if form else None
