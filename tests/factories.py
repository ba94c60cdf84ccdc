"""Rows for tests, made directly: the behaviour under test goes through GraphQL, the setting does not."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from stdnum.cn import ric

from models import Department, Employer, Graduate, Major, Province, School, Staff
from resolvers.viewer import Role
from server import crypto
from server.auth import hash_password, issue_token

PASSWORD = "Passw0rd2026"
_serial = itertools.count(1)
_HASH = None


def password_hash() -> str:
    # argon2 is deliberately slow: hash the shared test password once.
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def id_number(birth: str = "20030415", region: str = "340104", serial: int | None = None) -> str:
    n = serial if serial is not None else next(_serial) % 1000
    body = f"{region}{birth}{n:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def uscc(body17: str = "91340200713920435") -> str:
    from stdnum.cn import uscc as u

    return body17 + u.calc_check_digit(body17)


def token(role: Role, row) -> str:
    return issue_token(role, row.id, row.session_version)


async def school(code: str, name: str, province: Province, **settings) -> School:
    return await School.create(code=code, name=name, province=province, **settings)


async def department(school: School, code: str, name: str) -> tuple[Department, Major]:
    d = await Department.create(school=school, code=code, name=name)
    m = await Major.create(department=d, code=f"M{code}", name=f"{name}专业")
    return d, m


async def staff(username: str, role: Role, **scope) -> Staff:
    return await Staff.create(username=username, name=username, role=role.value,
                              password_hash=password_hash(), **scope)


async def graduate(school: School, dept: Department, major: Major, *, student_number: str | None = None,
                   name: str = "测试同学", idn: str | None = None, phone: str = "13900001111",
                   year: int = 2026, level: str = "31", **extra) -> Graduate:
    idn = idn or id_number()
    values = {
        "gender": "1" if int(idn[16]) % 2 else "2",
        "origin_region_code": "340104",
        "origin_region_name": "安徽省合肥市蜀山区",
        "must_change_password": False,
        "password_hash": password_hash(),
        **extra,
    }
    return await Graduate.create(
        school=school, department=dept, major=major, graduation_year=year, education_level=level,
        student_number=student_number or f"S{next(_serial):08d}", name=name,
        id_number_enc=crypto.encrypt(idn), id_number_hash=crypto.lookup_hash(idn),
        phone_enc=crypto.encrypt(phone), **values,
    )


async def employer(name: str = "安徽信通信息服务有限公司", login_name: str | None = "xintong", **extra) -> Employer:
    values = {
        "nature": "39", "industry": "34", "location_code": "340104", "location_name": "安徽省合肥市蜀山区",
        "address": "合肥市黄山路 1 号", "postcode": "230031", "contact_name": "张金华",
        "contact_phone_enc": crypto.encrypt("13805510000"), "contact_email": "hr@example.com",
        **extra,
    }
    code = values.pop("uscc", None) or uscc(f"913402007139{next(_serial):05d}")
    return await Employer.create(
        name=name, uscc=code,
        login_name=login_name, password_hash=password_hash() if login_name else None, **values,
    )


@dataclass
class World:
    province: Province
    other_province: Province
    school: School
    other_school: School
    far_school: School
    cs: Department
    cs_major: Major
    law: Department
    law_major: Major
    other_dept: Department
    other_major: Major
    admin: Staff
    cs_reviewer: Staff
    law_reviewer: Staff
    other_admin: Staff
    province_officer: Staff
    other_province_officer: Staff
    alice: Graduate  # cs
    bob: Graduate  # law
    carol: Graduate  # other school
    employer: Employer
    tokens: dict[str, str] = field(default_factory=dict)


async def make_world() -> World:
    anhui = await Province.create(code="34", name="安徽省")
    jiangsu = await Province.create(code="32", name="江苏省")
    s1 = await school("10363", "安徽工程大学", anhui)
    s2 = await school("10370", "安徽师范大学", anhui)
    s3 = await school("10284", "南京大学", jiangsu)
    cs, cs_m = await department(s1, "07", "计算机与信息学院")
    law, law_m = await department(s1, "03", "人文学院")
    od, od_m = await department(s2, "01", "文学院")
    await department(s3, "01", "匡亚明学院")
    w = World(
        province=anhui, other_province=jiangsu, school=s1, other_school=s2, far_school=s3,
        cs=cs, cs_major=cs_m, law=law, law_major=law_m, other_dept=od, other_major=od_m,
        admin=await staff("admin1", Role.SCHOOL_ADMIN, school=s1),
        cs_reviewer=await staff("cs1", Role.DEPARTMENT_REVIEWER, school=s1, department=cs),
        law_reviewer=await staff("law1", Role.DEPARTMENT_REVIEWER, school=s1, department=law),
        other_admin=await staff("admin2", Role.SCHOOL_ADMIN, school=s2),
        province_officer=await staff("ah", Role.PROVINCE, province=anhui),
        other_province_officer=await staff("js", Role.PROVINCE, province=jiangsu),
        alice=await graduate(s1, cs, cs_m, student_number="3220701001", name="陈晓明",
                             idn=id_number(serial=3), phone="13905510001"),
        bob=await graduate(s1, law, law_m, student_number="3220301002", name="周大伟",
                           idn=id_number(serial=5), phone="13905510002"),
        carol=await graduate(s2, od, od_m, student_number="2201001", name="林小雨",
                             idn=id_number(serial=7), phone="13905510003"),
        employer=await employer(),
    )
    for key, role, row in (
        ("admin", Role.SCHOOL_ADMIN, w.admin), ("cs", Role.DEPARTMENT_REVIEWER, w.cs_reviewer),
        ("law", Role.DEPARTMENT_REVIEWER, w.law_reviewer), ("other_admin", Role.SCHOOL_ADMIN, w.other_admin),
        ("province", Role.PROVINCE, w.province_officer), ("other_province", Role.PROVINCE, w.other_province_officer),
        ("alice", Role.GRADUATE, w.alice), ("bob", Role.GRADUATE, w.bob), ("carol", Role.GRADUATE, w.carol),
        ("employer", Role.EMPLOYER, w.employer),
    ):
        w.tokens[key] = token(role, row)
    return w


async def signed_agreement(graduate: Graduate, employer: Employer, *, title: str = "软件工程师"):
    """An agreement as acceptance leaves it (S8, S9): awaiting review, the graduate locked, a review open.

    For tests of what follows signing; the signing flow itself is tested through GraphQL.
    """
    import datetime as dt

    from models import Agreement, SigningInvitation
    from resolvers.agreement_numbers import next_number
    from resolvers.context import Context
    from resolvers.review.open import open_review
    from resolvers.viewer import SYSTEM

    now = dt.datetime.now(dt.UTC)
    school = await School.get(id=graduate.school_id)
    invitation = await SigningInvitation.create(
        employer=employer, graduate=graduate, school=school, method="direct", state="accepted",
        deadline=now + dt.timedelta(days=7), position_title=title, monthly_salary=8000, probation_months=3,
        contract_years=3, report_date=dt.date(2026, 7, 15), breach_terms="违约金 5000 元", answered_at=now,
    )
    agreement = await Agreement.create(
        number=await next_number(school, graduate.graduation_year), graduate=graduate, employer=employer,
        school=school, department_id=graduate.department_id, invitation=invitation,
        active_graduate=graduate, state="awaiting_review", signed_at=now,
        terms={"positionTitle": title, "monthlySalary": 8000, "probationMonths": 3},
    )
    graduate.destination_type = "10"
    graduate.destination_locked = True
    await graduate.save(update_fields=["destination_type", "destination_locked"])
    review = await open_review(Context(viewer=SYSTEM), "agreement", agreement.id, graduate, employer.id)
    return agreement, review


async def position(employer: Employer, *, title: str = "软件工程师", **extra):
    """A position as createPosition leaves it (open); pass state= or a past deadline= for other cases."""
    from models import Position

    values = {"category": "软件开发", "location_code": "340104", "location_name": "安徽省合肥市蜀山区",
              "salary_min": 6000, "salary_max": 9000, "headcount": 3, "description": "负责网签平台后端开发",
              **extra}
    return await Position.create(employer=employer, title=title, **values)


async def ready_to_sign(graduate: Graduate) -> Graduate:
    """S0 met: origin record confirmed (the factory's graduate is non-directed and awaiting employment)."""
    import datetime as dt

    graduate.origin_confirmed_at = dt.datetime.now(dt.UTC)
    await graduate.save(update_fields=["origin_confirmed_at"])
    return graduate


async def pending_invitation(graduate: Graduate, employer: Employer, *, days: float = 7, **extra):
    """A pending signing invitation as sendDirectSigningInvitation leaves it; days < 0 puts the deadline in the past."""
    import datetime as dt

    from models import SigningInvitation

    values = {"method": "direct", "position_title": "软件工程师", "work_location_code": "340104",
              "monthly_salary": 8000, "probation_months": 3, "contract_years": 3, **extra}
    return await SigningInvitation.create(
        employer=employer, graduate=graduate, school_id=graduate.school_id,
        deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=days), **values)
