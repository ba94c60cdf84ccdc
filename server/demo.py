"""Demo data for the embedded default: one province, a school with two departments, staff, graduates,
an employer. Loading twice changes nothing."""

from __future__ import annotations

from stdnum.cn import ric

from models import Department, Employer, Graduate, Major, Province, School, Staff
from server import crypto
from server.auth import hash_password

DEMO_PASSWORD = "Demo2026pass"
GRADUATE_INITIAL_PASSWORD = "Init2026pass"


def demo_id_number(serial: int, birth: str = "20030415") -> str:
    body = f"340104{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


async def load() -> list[tuple[str, str, str]]:
    anhui, _ = await Province.get_or_create(code="34", defaults={"name": "安徽省"})
    school, _ = await School.get_or_create(
        code="10363",
        defaults={"name": "安徽工程大学", "province": anhui, "review_levels": 2,
                  "contact_person": "李老师", "contact_phone": "0553-2871411", "address": "安徽省芜湖市北京中路"},
    )
    cs, _ = await Department.get_or_create(school=school, code="07", defaults={"name": "计算机与信息学院"})
    law, _ = await Department.get_or_create(school=school, code="03", defaults={"name": "人文学院"})
    se, _ = await Major.get_or_create(department=cs, code="080902", defaults={"name": "软件工程"})
    lw, _ = await Major.get_or_create(department=law, code="030101", defaults={"name": "法学"})

    accounts: list[tuple[str, str, str]] = []

    async def staff(username: str, name: str, role: str, **scope) -> None:
        await Staff.get_or_create(username=username, defaults={
            "name": name, "role": role, "password_hash": hash_password(DEMO_PASSWORD), **scope})
        accounts.append((role, username, DEMO_PASSWORD))

    await staff("school_admin", "张管理", "school_admin", school=school)
    await staff("cs_reviewer", "王辅导员", "department_reviewer", school=school, department=cs)
    await staff("law_reviewer", "赵辅导员", "department_reviewer", school=school, department=law)
    await staff("province", "省厅李", "province", province=anhui)

    people = [
        ("3220701001", "陈晓明", cs, se, 1, "13905510001", "31"),
        ("3220701002", "林小雨", cs, se, 2, "13905510002", "31"),
        ("3220301003", "周大伟", law, lw, 3, "13905510003", "31"),
    ]
    for student_number, name, dept, major, serial, phone, level in people:
        id_number = demo_id_number(serial * 2 + 1 if serial != 2 else 4)
        await Graduate.get_or_create(
            school=school, graduation_year=2026, education_level=level, student_number=student_number,
            defaults={
                "department": dept, "major": major, "name": name,
                "gender": "1" if int(id_number[16]) % 2 else "2",
                "id_number_enc": crypto.encrypt(id_number), "id_number_hash": crypto.lookup_hash(id_number),
                "phone_enc": crypto.encrypt(phone), "ethnicity": "01", "political_status": "03",
                "origin_region_code": "340104", "origin_region_name": "安徽省合肥市蜀山区",
                "password_hash": hash_password(GRADUATE_INITIAL_PASSWORD), "must_change_password": True,
            },
        )
        accounts.append(("graduate", f"{school.code}/{student_number} 身份证 {id_number}",
                         GRADUATE_INITIAL_PASSWORD))

    await Employer.get_or_create(
        uscc="91340200713920435N",
        defaults={
            "name": "安徽信通信息服务有限公司", "nature": "39", "industry": "34", "location_code": "340104",
            "location_name": "安徽省合肥市蜀山区", "address": "安徽省合肥市蜀山区黄山路 1 号", "postcode": "230031",
            "contact_name": "张金华", "contact_phone_enc": crypto.encrypt("13805510000"),
            "contact_email": "hr@example.com", "login_name": "xintong",
            "password_hash": hash_password(DEMO_PASSWORD),
        },
    )
    accounts.append(("employer", "xintong", DEMO_PASSWORD))
    return accounts


def print_accounts(accounts: list[tuple[str, str, str]]) -> None:
    print("演示账号 (demo accounts):")
    for role, login, password in accounts:
        print(f"  {role:<20} {login:<48} 密码 {password}")
