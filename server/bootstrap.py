"""Onboarding outside demo data, for operators (`wangqian create-school`, `wangqian create-staff`).

Everything is validated first and written in one transaction with its audit entry. Refusals raise
BootstrapError with a Chinese message; the CLI prints it and exits non-zero.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Province, School, Staff
from resolvers import audit, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError
from resolvers.school_admin.staff_accounts import taken_message, username_taken
from resolvers.viewer import Role, Viewer
from server.auth import hash_password

OPERATOR = Context(viewer=Viewer(name="运维命令行"), request_id="cli")
STAFF_ROLES = {Role.SCHOOL_ADMIN.value: "学校管理员", Role.PROVINCE.value: "省厅工作人员"}
_PROVINCE_CODE = re.compile(r"^[1-9]\d$")  # GB/T 2260: 11 北京 … 82 澳门
_SCHOOL_CODE = re.compile(r"^\d{5}$")  # 学校代码 of the Ministry of Education's list
# No look-alikes (0/O, 1/l/I): the password is read off a terminal and typed in by a person.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 16


class BootstrapError(Exception):
    pass


def _check(call, *args) -> str:
    try:
        return call(*args)
    except DomainError as e:
        raise BootstrapError(e.message) from None


def _name(value: str, label: str, max_length: int) -> str:
    return _check(validation.text, value, "name", label, max_length)


def generate_password() -> str:
    """Strong and random (secrets): letters and digits, so validation.password_strength accepts it."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return validation.password_strength(password)


@dataclass
class SchoolOutcome:
    province: Province
    school: School
    lines: list[str]


async def create_school(province_code: str, province_name: str, code: str, name: str,
                        review_levels: int | str = 2) -> SchoolOutcome:
    """Idempotent: an existing province or school is reported, not duplicated; a conflicting one is refused."""
    province_code, code = (province_code or "").strip(), (code or "").strip()
    if not _PROVINCE_CODE.match(province_code):
        raise BootstrapError(f"省份代码「{province_code}」无效，应为 2 位数字（GB/T 2260，如 34 表示安徽省）")
    province_name = _name(province_name, "省份名称", 32)
    if not _SCHOOL_CODE.match(code):
        raise BootstrapError(f"学校代码「{code}」无效，应为 5 位数字（如 10363）")
    name = _name(name, "学校名称", 64)
    if str(review_levels).strip() not in ("1", "2"):
        raise BootstrapError("审核级数只能为 1（学校审核）或 2（院系初审、学校终审）")
    review_levels = int(str(review_levels).strip())
    try:
        return await _create_school(province_code, province_name, code, name, review_levels)
    except IntegrityError:
        raise BootstrapError("省份或学校正被同时创建，请重新运行本命令（已存在的记录会被报告，不会重复创建）") from None


async def _create_school(province_code: str, province_name: str, code: str, name: str,
                         review_levels: int) -> SchoolOutcome:
    lines: list[str] = []
    async with in_transaction():
        province = await Province.get_or_none(code=province_code)
        if province is None:
            province = await Province.create(code=province_code, name=province_name)
            await audit.record(OPERATOR, AuditAction.PROVINCE_CREATED, "province", province.id,
                               after={"code": province.code, "name": province.name})
            lines.append(f"已创建省份 {province.code} {province.name}")
        elif province.name != province_name:
            raise BootstrapError(f"省份代码 {province_code} 已存在，名称为「{province.name}」，与给出的"
                                 f"「{province_name}」不一致；未做任何修改")
        else:
            lines.append(f"省份 {province.code} {province.name} 已存在，未重复创建")
        school = await School.get_or_none(code=code)
        if school is None:
            school = await School.create(code=code, name=name, province=province, review_levels=review_levels)
            await audit.record(OPERATOR, AuditAction.SCHOOL_CREATED, "school", school.id, school_id=school.id,
                               after={"code": code, "name": name, "province": province.code,
                                      "review_levels": review_levels})
            lines.append(f"已创建学校 {school.code} {school.name}（审核级数 {review_levels}）")
        elif school.name != name or school.province_id != province.id:
            raise BootstrapError(f"学校代码 {code} 已存在，为「{school.name}」，与给出的名称或省份不一致；"
                                 "未做任何修改")
        else:
            lines.append(f"学校 {school.code} {school.name} 已存在，未重复创建（设置未改动）")
    return SchoolOutcome(province, school, lines)


async def create_staff(role: str, username: str, name: str, *, school_code: str | None = None,
                       province_code: str | None = None) -> StaffOutcome:
    """A school admin (of a school) or a province officer (of a province), with a generated initial password
    that must be changed at first login. Returns the account and the password, shown once."""
    if role not in STAFF_ROLES:
        raise BootstrapError(f"角色「{role}」无效，只能为 school_admin（学校管理员）或 province（省厅）")
    username = _check(validation.username, username)
    name = _name(name, "姓名", 64)
    scope: dict = {}
    if role == Role.SCHOOL_ADMIN.value:
        if not school_code or province_code:
            raise BootstrapError("学校管理员须用 --school 指定学校代码（不能用 --province）")
        school = await School.get_or_none(code=school_code.strip())
        if school is None:
            raise BootstrapError(f"学校代码 {school_code} 不存在，请先运行 wangqian create-school")
        scope, where = {"school": school}, school.name
    else:
        if not province_code or school_code:
            raise BootstrapError("省厅工作人员须用 --province 指定省份代码（不能用 --school）")
        province = await Province.get_or_none(code=province_code.strip())
        if province is None:
            raise BootstrapError(f"省份代码 {province_code} 不存在，请先运行 wangqian create-school")
        scope, where = {"province": province}, province.name
    if await username_taken(username):
        raise BootstrapError(f"{taken_message(username)}，未创建账号")
    password = generate_password()
    try:
        async with in_transaction():
            staff = await Staff.create(username=username, name=name, role=role, password_hash=hash_password(password),
                                       must_change_password=True, **scope)
            await audit.record(OPERATOR, AuditAction.STAFF_CREATED, "staff", staff.id, school_id=staff.school_id,
                               after={"username": username, "name": name, "role": role, "scope": where,
                                      "must_change_password": True})
    except IntegrityError:
        raise BootstrapError(f"{taken_message(username)}，未创建账号") from None
    return StaffOutcome(staff, password, where)


@dataclass
class StaffOutcome:
    staff: Staff
    password: str
    where: str

    @property
    def lines(self) -> list[str]:
        return [f"已创建{STAFF_ROLES[self.staff.role]}账号 {self.staff.username}（{self.staff.name}，{self.where}）",
                f"初始密码（只显示这一次，请妥善转交；首次登录须修改）：{self.password}"]
