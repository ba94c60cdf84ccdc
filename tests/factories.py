"""Data for tests. Schools, people and positions are rows made directly (the setting); invitations,
agreements, reviews and terminations are made by the production code the mutations run (sending, acceptance
with its confirmation, review decisions, the termination request), so they are what production makes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from stdnum.cn import ric
from tortoise.transactions import in_transaction

from models import Department, Employer, Graduate, Major, Province, School, Staff
from resolvers.context import Context
from resolvers.signing import invitations
from resolvers.viewer import Role, Viewer
from server import clock, crypto
from server.auth import hash_password, issue_token
from tests import files

PASSWORD = "Passw0rd2026"
_serial = itertools.count(1)
_id_serial = itertools.count(1)
_HASH = None


def password_hash() -> str:
    # argon2 is deliberately slow: hash the shared test password once.
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def id_number(birth: str = "20030415", region: str = "340104", serial: int | None = None) -> str:
    if serial is None:
        # Numbers made without a serial are born on other days than the explicit ones (alice is serial 3 of
        # 2003-04-15): taking `serial % 1000` of a shared counter made the 1,000th graduate of the run alice's twin.
        n = next(_id_serial)
        birth = (dt.date(2004, 1, 1) + dt.timedelta(days=n // 1000)).strftime("%Y%m%d")
        serial = n % 1000
    body = f"{region}{birth}{serial:03d}"
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


async def position(employer: Employer, *, title: str = "软件工程师", **extra):
    """A position as createPosition leaves it (open); pass state= or a past deadline= for other cases."""
    from models import Position

    values = {"category": "软件开发", "location_code": "340104", "location_name": "安徽省合肥市蜀山区",
              "salary_min": 6000, "salary_max": 9000, "headcount": 3, "description": "负责网签平台后端开发",
              **extra}
    return await Position.create(employer=employer, title=title, **values)


def as_viewer(role: Role, row) -> Context:
    """The context a request by this account would carry."""
    return Context(viewer=Viewer(role=role, id=row.id, name=row.name, school_id=getattr(row, "school_id", None),
                                 department_id=getattr(row, "department_id", None),
                                 province_id=getattr(row, "province_id", None)))


async def ready_to_sign(graduate: Graduate) -> Graduate:
    """S0 met: the graduate confirms their origin record (the factory's graduate is non-directed and awaiting
    employment)."""
    from resolvers.origin.record import confirm_origin_record

    async with in_transaction():
        confirmed = await confirm_origin_record(as_viewer(Role.GRADUATE, graduate), True)
    graduate.origin_confirmed_at = confirmed.origin_confirmed_at
    return graduate


TERMS = {"position_title": "软件工程师", "job_category": "软件开发", "work_location_code": "340104",
         "work_location_name": "安徽省合肥市蜀山区",
         "monthly_salary": 8000, "probation_months": 3, "contract_years": 3, "report_date": dt.date(2026, 7, 15),
         "breach_terms": "违约金 5000 元"}


async def pending_invitation(graduate: Graduate, employer: Employer, *, days: float = 7, **terms):
    """A signing invitation as the employer sends it (S2, or S3 for an employer without an account) with the
    response deadline `days` from now; days <= 0: it was sent earlier and its deadline has passed."""
    from schema.invitations.inputs import SigningTermsInput

    sent_at = clock.now() if days > 0 else clock.now() + dt.timedelta(days=days - 1)
    with clock.frozen(sent_at):
        async with in_transaction():
            return await invitations.send(
                as_viewer(Role.EMPLOYER, employer), graduate_id=graduate.id, employer=employer,
                method="direct" if employer.login_name else "qr_card",
                terms_input=SigningTermsInput(**{**TERMS, **terms}),
                deadline=sent_at + dt.timedelta(days=days if days > 0 else 1))


async def signed_agreement(graduate: Graduate, employer: Employer, *, title: str = "软件工程师"):
    """An agreement as acceptance leaves it (S7-S9): awaiting review, the graduate locked, a review open.
    The graduate confirms their origin record first if they have not."""
    from models import Review
    from resolvers.signing import acceptance

    await graduate.refresh_from_db()
    if graduate.origin_confirmed_at is None:
        await ready_to_sign(graduate)
    invitation = await pending_invitation(graduate, employer, position_title=title)
    ctx = as_viewer(Role.GRADUATE, graduate)
    await acceptance.accept(ctx, invitation.id, False)
    _, agreement = await acceptance.accept(ctx, invitation.id, True)
    await graduate.refresh_from_db()
    return agreement, await Review.get(subject_type="agreement", subject_id=agreement.id)


async def decide(review, decision: str, *, reason: str = "", fields_to_fix: list[str] | None = None):
    """The reviewer whose turn it is decides: the department's first review, or the school's final one."""
    from resolvers.review.decide import decide_review

    await review.refresh_from_db()
    if review.state == "pending_department":
        reviewer = await Staff.filter(role=Role.DEPARTMENT_REVIEWER.value, department_id=review.department_id,
                                      is_active=True).first()
        reviewer = reviewer or await staff(f"reviewer{next(_serial)}", Role.DEPARTMENT_REVIEWER,
                                           school_id=review.school_id, department_id=review.department_id)
        role = Role.DEPARTMENT_REVIEWER
    else:
        reviewer = await Staff.filter(role=Role.SCHOOL_ADMIN.value, school_id=review.school_id,
                                      is_active=True).first()
        reviewer = reviewer or await staff(f"admin{next(_serial)}", Role.SCHOOL_ADMIN, school_id=review.school_id)
        role = Role.SCHOOL_ADMIN
    async with in_transaction():
        return await decide_review(as_viewer(role, reviewer), review.id, decision, reason, fields_to_fix)


async def approve(review):
    """Every level approves, up to the final review (R2)."""
    while review.state in ("pending_department", "pending_school"):
        review = await decide(review, "approve")
    return review


async def approved_agreement(graduate: Graduate, employer: Employer, **kwargs):
    """An agreement as final approval leaves it: printable, the graduate still locked (S10, P1)."""
    from models import Agreement

    agreement, review = await signed_agreement(graduate, employer, **kwargs)
    await approve(review)
    return await Agreement.get(id=agreement.id)


CONSENT_PNG = files.png()


class Upload:
    """A file as the multipart request hands it to a resolver."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.data, self.filename = data, filename

    async def read(self, size: int = -1) -> bytes:
        return self.data if size < 0 else self.data[:size]


async def termination(agreement, *, reason: str = "双方协商一致解除协议"):
    """The graduate requests a termination with the employer's stamped consent (T1); its review opens."""
    from models import Graduate as GraduateRow
    from models import Review
    from resolvers.termination.request import request_termination

    graduate = await GraduateRow.get(id=agreement.graduate_id)
    async with in_transaction():
        requested = await request_termination(as_viewer(Role.GRADUATE, graduate), agreement.id, reason,
                                              Upload(CONSENT_PNG, "解约证明.png"))
    return requested, await Review.get(subject_type="termination", subject_id=requested.id)
