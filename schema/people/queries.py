from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Employer, Graduate, Staff
from resolvers.viewer import Role
from schema.people.types import EmployerNode, GraduateNode, StaffNode


@strawberry.type(description="当前登录者")
class Me:
    role: str | None
    password_change_required: bool
    graduate: GraduateNode | None = None
    employer: EmployerNode | None = None
    staff: StaffNode | None = None


@strawberry.type
class Query:
    @strawberry.field(description="当前登录者；未登录时 role 为空")
    async def me(self, info: Info) -> Me:
        viewer = info.context.viewer
        me = Me(role=viewer.role.value if viewer.role else None,
                password_change_required=viewer.password_change_required)
        if viewer.role is Role.GRADUATE:
            me.graduate = GraduateNode.from_row(await info.context.loaders.get(Graduate, viewer.id))
        elif viewer.role is Role.EMPLOYER:
            me.employer = EmployerNode.from_row(await info.context.loaders.get(Employer, viewer.id))
        elif viewer.is_staff:
            me.staff = StaffNode.from_row(await info.context.loaders.get(Staff, viewer.id))
        return me
