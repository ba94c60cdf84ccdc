from __future__ import annotations

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models import Employer, Graduate, Staff
from resolvers import authz
from resolvers.viewer import Role
from schema.people.types import EmployerNode, GraduateNode, StaffNode
from schema.relay import Connection, decode_id, paginate


@strawberry.input(description="毕业生名单筛选条件")
class GraduateFilter:
    department_id: strawberry.ID | None = None
    graduation_year: int | None = None
    keyword: str | None = strawberry.field(default=None, description="姓名或学号")
    bound: bool | None = strawberry.field(default=None, description="是否已绑定微信")


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

    @strawberry.field(description="毕业生名单：院系老师本院系，学校管理员本校，省厅本省院校（身份证号与电话掩码）")
    async def graduates(
        self, info: Info, filter: GraduateFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[GraduateNode]:
        viewer = info.context.viewer
        authz.require_staff(viewer)
        qs = authz.scope_graduates(viewer, Graduate.all())
        f = filter or GraduateFilter()
        if f.department_id is not None:
            qs = qs.filter(department_id=decode_id(f.department_id, "Department", field="departmentId"))
        if f.graduation_year is not None:
            qs = qs.filter(graduation_year=f.graduation_year)
        if f.keyword and f.keyword.strip():
            keyword = f.keyword.strip()
            qs = qs.filter(Q(name__icontains=keyword) | Q(student_number__startswith=keyword))
        if f.bound is not None:
            qs = qs.filter(openid__isnull=not f.bound)
        return await paginate(qs, GraduateNode, first=first, after=after)
