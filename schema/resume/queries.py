from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.resume import queries
from schema import access
from schema.resume.types import ResumeSectionNode


@strawberry.type
class Query:
    @access.query("我的简历条目，按顺序（毕业生）", roles=access.GRADUATE,
                  errors=[])
    async def my_resume(self, info: Info) -> list[ResumeSectionNode]:
        return [ResumeSectionNode.from_row(r) for r in await queries.my_resume(info.context.viewer)]
