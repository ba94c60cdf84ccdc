from __future__ import annotations

import strawberry

from resolvers.roster.columns import COLUMNS
from schema import access
from schema.roster.types import RosterColumn


@strawberry.type
class Query:
    @access.query("毕业生名单模板的列（控制台据此展示导入说明）", roles=access.ANYONE,
                  errors=[])
    def roster_template_columns(self) -> list[RosterColumn]:
        return [RosterColumn(name=c.name, required=c.required, description=c.description) for c in COLUMNS]
