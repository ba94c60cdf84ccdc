from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import paging
from resolvers.errors import ErrorCode
from resolvers.recommendation_forms.forms import own_form, visible_forms
from schema import access
from schema.org.types import DepartmentNode
from schema.recommendation_forms.types import RecommendationFormFilter, RecommendationFormNode
from schema.relay import Connection, decode_id


@strawberry.type
class Query:
    @access.query("就业推荐表，最新的在前：院系老师本院系的，学校管理员本校的（R2）",
                  roles=access.SCHOOL_STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def recommendation_forms(
        self, info: Info, filter: RecommendationFormFilter | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[RecommendationFormNode]:
        department_id = None
        if filter and filter.department_id:
            department_id = decode_id(filter.department_id, DepartmentNode, "filter.departmentId")
        state = filter.state.value if filter and filter.state else None
        qs = visible_forms(info.context.viewer, state, department_id)
        return Connection.of(await paging.page(qs, first=first, after=after, newest_first=True),
                             RecommendationFormNode)

    @access.query("毕业生本人的就业推荐表；尚未创建时为 null", roles=access.GRADUATE, errors=[])
    async def my_recommendation_form(self, info: Info) -> RecommendationFormNode | None:
        form = await own_form(info.context.viewer)
        return RecommendationFormNode.from_row(form) if form else None
