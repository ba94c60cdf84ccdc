from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import authz
from resolvers.resume.sections import sections_of
from resolvers.viewer import Role
from schema.resume.types import ResumeSectionNode


@strawberry.type
class Query:
    @strawberry.field(description="我的简历条目，按顺序（毕业生）")
    async def my_resume(self, info: Info) -> list[ResumeSectionNode]:
        authz.require_role(info.context.viewer, Role.GRADUATE)
        return [ResumeSectionNode.from_row(r) for r in await sections_of(info.context.viewer.id)]
