"""Each record the national destination registration system keeps of a graduate, in its code tables, as it stands
now: what `sync.queue` sends after every change. A field is (key, label, value, text): `value` is what the
national system stores (a code where there is a table), `text` what a person reads (the code's label).

The destination record is the national export's (resolvers/exports/national.py): the same rules decide it, so the
sheet a school downloads and what the national system receives never disagree.
"""

from __future__ import annotations

from models import Agreement, ArchiveForwarding, Department, Destination, FamilyContact, Graduate, Major, School, codes
from server import crypto

RECORDS = {"origin": "生源信息", "contact": "联系方式", "destination": "毕业去向信息", "archive": "档案转寄信息"}

Field = tuple[str, str, str, str]


def _f(key: str, label: str, value: object, table: dict[str, str] | None = None) -> Field:
    value = "" if value is None else str(value)
    return key, label, value, (table.get(value, value) if table and value else value)


async def origin(graduate: Graduate) -> list[Field]:
    return origin_fields(graduate, await School.get(id=graduate.school_id), await Major.get(id=graduate.major_id),
                         await Department.get(id=graduate.department_id))


def origin_fields(graduate: Graduate, school: School, major: Major, department: Department) -> list[Field]:
    """The origin record from rows the caller holds (the roster import has them all)."""
    return [
        _f("school_code", "学校代码", school.code), _f("school_name", "学校名称", school.name),
        _f("student_number", "学号", graduate.student_number), _f("name", "姓名", graduate.name),
        _f("id_number", "身份证号码", crypto.decrypt(graduate.id_number_enc)),
        _f("gender", "性别", graduate.gender, codes.GENDER),
        _f("ethnicity", "民族", graduate.ethnicity, codes.ETHNICITY),
        _f("political_status", "政治面貌", graduate.political_status, codes.POLITICAL_STATUS),
        _f("education_level", "学历", graduate.education_level, codes.EDUCATION_LEVEL),
        _f("major_code", "专业代码", major.code), _f("major_name", "专业名称", major.name),
        _f("department", "院系", department.name), _f("graduation_year", "毕业年份", graduate.graduation_year),
        _f("training_mode", "培养方式", graduate.training_mode, codes.TRAINING_MODE),
        _f("length_of_schooling", "学制", graduate.length_of_schooling),
        _f("origin_region_code", "生源地代码", graduate.origin_region_code),
        _f("origin_region_name", "生源地", graduate.origin_region_name),
        _f("home_address", "家庭地址", graduate.home_address),
    ]


async def contact(graduate: Graduate) -> list[Field]:
    return contact_fields(graduate, await FamilyContact.filter(graduate_id=graduate.id).order_by("position"))


def contact_fields(graduate: Graduate, family: list[FamilyContact]) -> list[Field]:
    """The contact record from rows the caller holds; `family` in the graduate's order."""
    out = [_f("phone", "本人联系电话", crypto.decrypt(graduate.phone_enc)), _f("email", "电子邮箱", graduate.email),
           _f("qq", "QQ", graduate.qq)]
    for i, member in enumerate(family, 1):
        out += [_f(f"family_{i}_name", f"家庭联系人{i}姓名", member.name),
                _f(f"family_{i}_relation", f"家庭联系人{i}与本人关系", member.relation),
                _f(f"family_{i}_phone", f"家庭联系人{i}联系电话", crypto.decrypt(member.phone_enc))]
    return out


# The export's destination columns, paired code with label where the export gives both.
_DESTINATION = (("destination", "毕业去向", 0, 1), ("employer_name", "单位名称", 2, 2),
                ("employer_uscc", "统一社会信用代码", 3, 3), ("employer_nature", "单位性质", 4, 5),
                ("industry", "单位行业", 6, 7), ("employer_location", "单位所在地", 8, 9),
                ("work_location", "工作地点", 10, 11), ("agreement_number", "协议书编号", 12, 12))


# The agreement terms a return for revision can correct (resolvers/review/term_fields.py) that the destination
# record reports: correcting one queues the record again (resolvers/review/resubmit.py).
DESTINATION_TERMS = frozenset({"workLocationCode", "workLocationName"})


async def destination(graduate: Graduate) -> list[Field]:
    # Imported here: the exports reach the people and origin resolvers, which queue through this module.
    from resolvers.exports import national

    registered = await Destination.get_or_none(active_graduate_id=graduate.id, state="approved")
    if registered is not None:
        return _destination_fields(national.registered_row(registered))
    return signed_destination(graduate, await Agreement.get_or_none(active_graduate_id=graduate.id))


def signed_destination(graduate: Graduate, agreement: Agreement | None) -> list[Field]:
    """The destination record of a graduate without an approved registration, from rows the caller holds (the
    online signing has them all: queueing costs it no read)."""
    from resolvers.exports import national

    return _destination_fields(national.signed_row(graduate, agreement))


def _destination_fields(row: tuple) -> list[Field]:
    return [(key, label, "" if row[v] is None else str(row[v]), "" if row[t] is None else str(row[t]))
            for key, label, v, t in _DESTINATION]


async def archive(graduate: Graduate) -> list[Field]:
    row = await ArchiveForwarding.get_or_none(graduate_id=graduate.id)
    if row is None:
        return []
    return [_f("recipient_unit", "档案接收单位", row.recipient_unit),
            _f("region_code", "所在地区代码", row.region_code),
            _f("region_name", "所在地区", row.region_name), _f("address", "详细地址", row.address),
            _f("postcode", "邮政编码", row.postcode), _f("recipient", "收件人", row.recipient),
            _f("phone", "收件人联系电话", crypto.decrypt(row.phone_enc))]


BUILDERS = {"origin": origin, "contact": contact, "destination": destination, "archive": archive}
