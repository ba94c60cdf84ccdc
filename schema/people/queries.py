from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import DomainError, ErrorCode
from resolvers.people import queries
from resolvers.viewer import Role
from schema import access, limits
from schema.people.types import EmployerNode, GraduateNode, StaffNode
from schema.relay import Connection, decode_id

YEARS = (2000, 2100)  # graduation years a filter may name


@strawberry.input(description="毕业生名单筛选条件")
class GraduateFilter:
    department_id: strawberry.ID | None = None
    graduation_year: int | None = limits.number(YEARS[0], YEARS[1], default=None)
    keyword: str | None = limits.text(limits.LINE, default=None, description="姓名或学号")
    bound: bool | None = strawberry.field(default=None, description="是否已绑定微信")


def graduate_filter(f: GraduateFilter | None, path: str = "") -> queries.GraduateFilter:
    f = f or GraduateFilter()
    if f.graduation_year is not None and not YEARS[0] <= f.graduation_year <= YEARS[1]:
        # A query's arguments are not walked by limits.check, and the column is a small integer: PostgreSQL would
        # turn an out-of-range year into an internal error.
        raise DomainError(ErrorCode.INVALID_INPUT, f"毕业年份应为 {YEARS[0]} 到 {YEARS[1]} 之间的年份",
                          f"{path}graduationYear")
    return queries.GraduateFilter(
        department_id=decode_id(f.department_id, "Department", field=f"{path}departmentId")
        if f.department_id is not None else None,
        graduation_year=f.graduation_year, keyword=f.keyword, bound=f.bound)


@strawberry.type(description="当前登录者")
class Me:
    role: str | None
    password_change_required: bool
    graduate: GraduateNode | None = None
    employer: EmployerNode | None = None
    staff: StaffNode | None = None


@strawberry.type
class Query:
    @access.query("当前登录者；未登录时 role 为空", roles=access.ANYONE,
                  errors=[])
    async def me(self, info: Info) -> Me:
        viewer = info.context.viewer
        me = Me(role=viewer.role.value if viewer.role else None,
                password_change_required=viewer.password_change_required)
        row = await queries.me(info.context)
        if viewer.role is Role.GRADUATE:
            me.graduate = GraduateNode.from_row(row)
        elif viewer.role is Role.EMPLOYER:
            me.employer = EmployerNode.from_row(row)
        elif viewer.is_staff:
            me.staff = StaffNode.from_row(row)
        return me

    @access.query("毕业生名单：院系老师本院系，学校管理员本校，省厅本省院校（身份证号与电话掩码）", roles=access.STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def graduates(
        self, info: Info, filter: GraduateFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[GraduateNode]:
        page = await queries.graduates(info.context, graduate_filter(filter), first=first, after=after)
        return Connection.of(page, GraduateNode)
