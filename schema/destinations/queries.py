from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.destination import queries
from resolvers.errors import ErrorCode
from schema import access, limits
from schema.destinations.types import DestinationKindInfo, DestinationNode, DestinationState, kind_info
from schema.org.types import DepartmentNode
from schema.relay import Connection, decode_id


@strawberry.input(description="去向登记列表筛选条件")
class DestinationFilter:
    type: str | None = limits.text(limits.CODE, default=None, description="毕业去向代码（两位）")
    state: DestinationState | None = None
    department_id: strawberry.ID | None = None


def destination_filter(f: DestinationFilter | None, path: str) -> queries.DestinationFilter:
    """The list's filter as the screen and its export take it; `path` names the input in errors."""
    f = f or DestinationFilter()
    return queries.DestinationFilter(
        type_code=f.type, state=f.state.value if f.state else None,
        department_id=decode_id(f.department_id, DepartmentNode, f"{path}.departmentId") if f.department_id else None)


@strawberry.type
class Query:
    @access.query(
        "毕业生本人的去向登记，最新的在前（含已作废、不通过的历史记录）",
        roles=access.GRADUATE,
        errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT],
    )
    async def my_destinations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[DestinationNode]:
        return Connection.of(await queries.mine(info.context.viewer, first=first, after=after), DestinationNode)

    @access.query(
        "本院系（院系老师）、本校（学校管理员）、本省各校（省级）的去向登记，最新的在前；作废的记录也在其中（D4、R2）",
        roles=access.STAFF,
        errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT],
    )
    async def destinations(
        self, info: Info, filter: DestinationFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[DestinationNode]:
        page = await queries.in_scope(info.context.viewer, destination_filter(filter, "filter"), first=first,
                                      after=after)
        return Connection.of(page, DestinationNode)

    @access.query(
        "可登记的毕业去向及各自的填写项目、证明材料要求；定向、委培毕业生只见补充登记（D1、D5）",
        roles=(*access.GRADUATE, *access.STAFF),
        errors=[],
    )
    async def destination_catalog(self, info: Info) -> list[DestinationKindInfo]:
        return [kind_info(k) for k in await queries.catalog_for(info.context.viewer)]
