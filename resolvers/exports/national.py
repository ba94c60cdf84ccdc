"""The school's graduates and their destinations in the national code tables, one row per graduate.

A graduate bound by an agreement (Agreement.active_graduate: awaiting review or approved) reports destination 10
with the employer and work place frozen in its terms, so the sheet says what was signed, not what an employer's
record says since. A graduate with an approved destination registration reports its national code (a three-digit
sub-code where one exists; a project sub-code `P…` as its two-digit parent) and the unit and place the type asks
for. Any other graduate reports Graduate.destination_type as the workflows leave it (70 until placed). Every
coded column has its code and, beside it, the label.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import Agreement, Department, Destination, Graduate, Major, School, codes
from resolvers.destination.catalog import national_code, sub_type_label
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
        registered = {d.graduate_id: d for d in await Destination.filter(
            active_graduate_id__in=[g.id for g in graduates], state="approved")}
        batch = []
        for g in graduates:
            id_number, _ = personal(viewer, g)
            school, major = schools[g.school_id], majors[g.major_id]
            agreement, destination = binding.get(g.id), registered.get(g.id)
            batch.append((
                school.code, school.name, g.student_number, g.name, id_number, g.gender, g.education_level,
                codes.label(codes.EDUCATION_LEVEL, g.education_level), major.code, major.name,
                departments[g.department_id].name, g.graduation_year, g.origin_region_code, g.origin_region_name,
                *(registered_row(destination) if destination else signed_row(g, agreement)),
            ))
        yield batch


def signed_row(g: Graduate, agreement: Agreement | None) -> tuple:
    """The destination on the graduate's record, with the binding agreement's terms where one binds."""
    terms = agreement.terms if agreement else {}
    employer, articles = party(terms, "partyB"), party(terms, "articles")
    location, work = employer.get("location") or {}, articles.get("workLocation") or {}
    return (g.destination_type, codes.label(codes.DESTINATION_TYPE, g.destination_type),
            employer.get("name"), employer.get("uscc"), *_coded(employer.get("nature")),
            *_coded(employer.get("industry")), location.get("code"), location.get("name"),
            work.get("code"), work.get("name"), agreement.number if agreement else "")


# The unit a registered destination names (an employer, a school admitting the graduate, one's own business) and
# where it is, to the district: the first of these fields the type asks for.
UNIT_FIELDS = ("employer_name", "school_name", "business_name")
PLACE_FIELDS = ("work_region", "school_region", "business_region", "enlistment_region")


def registered_row(destination: Destination) -> tuple:
    details = destination.details or {}
    code = national_code(destination.type, destination.sub_type)
    unit = next((details[k] for k in UNIT_FIELDS if details.get(k)), "")
    place = next((details[k] for k in PLACE_FIELDS if details.get(k)), None) or {}
    nature, industry = details.get("employer_nature"), details.get("industry")
    # A three-digit code is labelled by its sub-type (科研助理、管理助理, 三支一扶 ...), a two-digit one by the table.
    return (code, codes.DESTINATION_TYPE.get(code) or sub_type_label(destination.sub_type),
            unit, details.get("employer_uscc") or "",
            nature or "", codes.label(codes.EMPLOYER_NATURE, nature) if nature else "",
            industry or "", codes.label(codes.INDUSTRY, industry) if industry else "",
            place.get("code"), place.get("name"), place.get("code"), place.get("name"), "")


EXPORT = ExportKind(name="national_destinations", title="毕业去向（国家代码）", columns=COLUMNS,
                    filter_type=NationalFilter, rows=rows)
