"""The school's graduates and their destinations in the national code tables, one row per graduate.

The destination is Graduate.destination_type as the workflows leave it (signing sets 10, release back to 70);
employer and work place come from the terms frozen in the agreement that binds the graduate today
(Agreement.active_graduate: awaiting review or approved), so the sheet says what was signed, not what an
employer's record says since. Every coded column has its code and, beside it, the label.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Agreement, Department, Major, School, codes
from resolvers.exports.batches import by_id, keyset, party
from resolvers.exports.graduates import personal
from resolvers.exports.registry import ExportKind, Rows
from resolvers.people.queries import GraduateFilter, graduate_rows
from resolvers.viewer import Viewer

COLUMNS = ("学校代码", "学校名称", "学号", "姓名", "身份证号码", "性别代码", "学历代码", "学历", "专业代码", "专业名称",
           "院系", "毕业年份", "生源地代码", "生源地", "毕业去向代码", "毕业去向", "单位名称", "统一社会信用代码",
           "单位性质代码", "单位性质", "单位行业代码", "单位行业", "单位所在地代码", "单位所在地", "工作地点代码",
           "工作地点", "协议书编号")


@dataclass
class NationalFilter:
    department_id: int | None = None
    graduation_year: int | None = None


def _coded(value: dict | None) -> tuple[str, str]:
    value = value or {}
    return value.get("code") or "", value.get("label") or ""


async def rows(viewer: Viewer, f: NationalFilter) -> Rows:
    listed = graduate_rows(viewer, GraduateFilter(department_id=f.department_id, graduation_year=f.graduation_year))
    async for graduates in keyset(listed):
        schools = await by_id(School, (g.school_id for g in graduates))
        departments = await by_id(Department, (g.department_id for g in graduates))
        majors = await by_id(Major, (g.major_id for g in graduates))
        binding = {a.active_graduate_id: a
                   for a in await Agreement.filter(active_graduate_id__in=[g.id for g in graduates])}
        batch = []
        for g in graduates:
            id_number, _ = personal(viewer, g)
            school, major = schools[g.school_id], majors[g.major_id]
            agreement = binding.get(g.id)
            terms = agreement.terms if agreement else {}
            employer, articles = party(terms, "partyB"), party(terms, "articles")
            location, work = employer.get("location") or {}, articles.get("workLocation") or {}
            batch.append((
                school.code, school.name, g.student_number, g.name, id_number, g.gender, g.education_level,
                codes.label(codes.EDUCATION_LEVEL, g.education_level), major.code, major.name,
                departments[g.department_id].name, g.graduation_year, g.origin_region_code, g.origin_region_name,
                g.destination_type, codes.label(codes.DESTINATION_TYPE, g.destination_type),
                employer.get("name"), employer.get("uscc"), *_coded(employer.get("nature")),
                *_coded(employer.get("industry")), location.get("code"), location.get("name"),
                work.get("code"), work.get("name"), agreement.number if agreement else "",
            ))
        yield batch


EXPORT = ExportKind(name="national_destinations", title="毕业去向（国家代码）", columns=COLUMNS,
                    filter_type=NationalFilter, rows=rows)
