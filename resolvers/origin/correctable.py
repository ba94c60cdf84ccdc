"""The school-imported fields a correction request may change (O2): how each is read, validated and applied.

Values are validated as the roster import would: ID number checksum, code-table codes, a department and major
that exist in the graduate's school, given by their codes ("院系代码/专业代码" for a department, "专业代码" for a
major of the current department), so a department change always names the major it comes with.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from models import Department, Graduate, Major
from resolvers import names, validation
from resolvers.errors import DomainError, ErrorCode
from server import crypto

FIELD = "requestedValue"

# O1: what the graduate edits directly, the one list of it (`Graduate.editableFields` shows it); a correction
# request for these is refused.
EDITABLE = {"phone": "本人联系电话", "origin_region": "生源所在地", "home_address": "家庭地址", "email": "电子邮箱",
            "qq": "QQ"}


def _text(model_field: str, label: str, max_length: int):
    async def parse(_: Graduate, value: str) -> dict[str, Any]:
        text = validation.required(value, FIELD, label)
        if model_field == "name":
            text = names.normalize(text)  # a name is stored in one form (issue 7.7)
        if len(text) > max_length:
            raise DomainError(ErrorCode.INVALID_FORMAT, f"{label}不能超过 {max_length} 个字", FIELD)
        return {model_field: text}

    return parse


def _code(model_field: str, table: str):
    async def parse(_: Graduate, value: str) -> dict[str, Any]:
        return {model_field: validation.code(table, (value or "").strip(), FIELD)}

    return parse


async def _id_number(_: Graduate, value: str) -> dict[str, Any]:
    plain = validation.id_number(value, FIELD)
    return {"id_number_enc": crypto.encrypt(plain), "id_number_hash": crypto.lookup_hash(plain)}


async def _length_of_schooling(_: Graduate, value: str) -> dict[str, Any]:
    text = (value or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= 8:
        raise DomainError(ErrorCode.INVALID_FORMAT, "学制应为 1 至 8 之间的整数（年）", FIELD)
    return {"length_of_schooling": int(text)}


async def _major_in(department: Department, code: str) -> Major:
    major = await Major.get_or_none(department_id=department.id, code=code.strip())
    if major is None:
        raise DomainError(ErrorCode.UNKNOWN_MAJOR, f"{department.name}没有代码为「{code.strip()}」的专业", FIELD)
    return major


async def _department(graduate: Graduate, value: str) -> dict[str, Any]:
    department_code, slash, major_code = (value or "").strip().partition("/")
    if not slash or not department_code.strip() or not major_code.strip():
        raise DomainError(ErrorCode.INVALID_FORMAT, "请按「院系代码/专业代码」填写新的院系及其专业", FIELD)
    department = await Department.get_or_none(school_id=graduate.school_id, code=department_code.strip())
    if department is None:
        raise DomainError(ErrorCode.UNKNOWN_DEPARTMENT, f"本校没有代码为「{department_code.strip()}」的院系", FIELD)
    major = await _major_in(department, major_code)
    return {"department_id": department.id, "major_id": major.id}


async def _major(graduate: Graduate, value: str) -> dict[str, Any]:
    code = validation.required(value, FIELD, "专业代码")
    return {"major_id": (await _major_in(await Department.get(id=graduate.department_id), code)).id}


@dataclass(frozen=True)
class Correctable:
    label: str
    parse: Callable[[Graduate, str], Awaitable[dict[str, Any]]]  # requested value -> changes to the record
    personal: bool = False  # stored encrypted in the request, masked like the record (B5)


CORRECTABLE: dict[str, Correctable] = {
    "name": Correctable("姓名", _text("name", "姓名", 64)),
    "gender": Correctable("性别", _code("gender", "GENDER")),
    "id_number": Correctable("身份证号码", _id_number, personal=True),
    "student_number": Correctable("学号", _text("student_number", "学号", 32)),
    "department": Correctable("院系", _department),
    "major": Correctable("专业", _major),
    "education_level": Correctable("学历", _code("education_level", "EDUCATION_LEVEL")),
    "training_mode": Correctable("培养方式", _code("training_mode", "TRAINING_MODE")),
    "ethnicity": Correctable("民族", _code("ethnicity", "ETHNICITY")),
    "political_status": Correctable("政治面貌", _code("political_status", "POLITICAL_STATUS")),
    "class_name": Correctable("班级", _text("class_name", "班级", 64)),
    "length_of_schooling": Correctable("学制", _length_of_schooling),
}


async def current_value(graduate: Graduate, field: str) -> str | None:
    """The record's value in the form a request gives it, to compare and to show the reviewer."""
    if field == "id_number":
        return crypto.decrypt(graduate.id_number_enc)
    if field in ("department", "major"):
        department = await Department.get(id=graduate.department_id)
        major = await Major.get(id=graduate.major_id)
        return f"{department.code}/{major.code}" if field == "department" else major.code
    value = getattr(graduate, field)
    return None if value is None else str(value)


def normalized(field: str, value: str) -> str:
    """The requested value as stored: the same form current_value gives."""
    text = (value or "").strip()
    if field == "id_number":
        return text.upper()
    if field == "department":
        return "/".join(part.strip() for part in text.split("/", 1))
    return text


async def ensure_unique(graduate: Graduate, changes: dict[str, Any]) -> None:
    """The record keys the import enforces: student number per school, year and level; ID number per year
    and level (B1, B3)."""
    merged = {k: changes.get(k, getattr(graduate, k)) for k in
              ("school_id", "graduation_year", "education_level", "student_number", "id_number_hash")}
    others = Graduate.filter(graduation_year=merged["graduation_year"],
                             education_level=merged["education_level"]).exclude(id=graduate.id)
    if await others.filter(school_id=merged["school_id"], student_number=merged["student_number"]).exists():
        raise DomainError(ErrorCode.DUPLICATE_ROW, "本校同届同学历已有使用该学号的记录", FIELD)
    if await others.filter(id_number_hash=merged["id_number_hash"]).exists():
        raise DomainError(ErrorCode.DUPLICATE_ROW, "同届同学历已有使用该身份证号码的记录", FIELD)
