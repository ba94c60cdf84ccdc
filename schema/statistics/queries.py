from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.statistics import figures
from schema import access
from schema.org.types import SchoolNode
from schema.relay import decode_id
from schema.statistics.types import Statistics, StatisticsGrouping


@strawberry.type
class Query:
    @access.query("统计（X4）：毕业生数、网签数及网签占比（分子分母）、协议数（按状态）、毕业去向（按类型）、去向落实率，"
                  "按学校、院系、专业或学历分组；院系老师本院系，学校管理员本校，省厅本省各校（schoolId 可限定一校）",
                  roles=access.STAFF, errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND])
    async def statistics(
        self, info: Info, graduation_year: int, group_by: StatisticsGrouping, school_id: strawberry.ID | None = None,
    ) -> Statistics:
        school = decode_id(school_id, SchoolNode, "schoolId") if school_id else None
        return Statistics.of(await figures.statistics(info.context.viewer, graduation_year, group_by.value, school))
