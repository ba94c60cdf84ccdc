"""The staff's graduate list as a sheet: the console's columns and filters; ID numbers and phones as on screen
(in full to the graduate's own school's staff, masked to anyone else: authz.sees_personal_data)."""

from __future__ import annotations

from models import Department, Graduate, Major, School, codes
from resolvers import authz
from resolvers.exports.batches import by_id, keyset
from resolvers.exports.registry import ExportKind, Rows
from resolvers.people.queries import GraduateFilter, graduate_rows
from resolvers.viewer import Viewer
from server import crypto

COLUMNS = ("姓名", "学号", "毕业年份", "身份证号码", "联系电话", "已绑定微信", "生源信息确认时间", "性别", "学历",
           "毕业去向", "院系", "专业", "学校")


def personal(viewer: Viewer, graduate: Graduate) -> tuple[str | None, str | None]:
    """ID number and phone as this viewer sees them on screen (schema/people/types.GraduateNode)."""
    id_number, phone = crypto.decrypt(graduate.id_number_enc), crypto.decrypt(graduate.phone_enc)
    if authz.sees_personal_data(viewer, graduate):
        return id_number, phone
    return crypto.mask_id_number(id_number), crypto.mask_phone(phone)


async def rows(viewer: Viewer, f: GraduateFilter) -> Rows:
    async for graduates in keyset(graduate_rows(viewer, f)):
        departments = await by_id(Department, (g.department_id for g in graduates))
        majors = await by_id(Major, (g.major_id for g in graduates))
        schools = await by_id(School, (g.school_id for g in graduates))
        batch = []
        for g in graduates:
            id_number, phone = personal(viewer, g)
            batch.append((
                g.name, g.student_number, g.graduation_year, id_number, phone, g.openid is not None,
                g.origin_confirmed_at, codes.label(codes.GENDER, g.gender),
                codes.label(codes.EDUCATION_LEVEL, g.education_level),
                codes.label(codes.DESTINATION_TYPE, g.destination_type),
                departments[g.department_id].name, majors[g.major_id].name, schools[g.school_id].name,
            ))
        yield batch


EXPORT = ExportKind(name="graduates", title="毕业生名单", columns=COLUMNS, filter_type=GraduateFilter, rows=rows)
