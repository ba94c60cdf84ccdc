"""Validation of each roster row against the identifier rules, the code tables and the school's departments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models import Department, Major, codes
from resolvers import names, validation
from resolvers.errors import DomainError, ErrorCode
from resolvers.roster import cells

_MAX_LENGTH = {"学号": 32, "姓名": 64, "班级": 64, "家庭地址": 255, "电子邮箱": 128, "生源所在地": 128}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    code: ErrorCode
    message: str


@dataclass
class Row:
    """One parsed line. Optional values are None when the file does not give them: the record keeps its own."""

    line: int
    errors: list[RowError] = field(default_factory=list)
    student_number: str | None = None
    name: str | None = None
    id_number: str | None = None
    education_level: str | None = None
    department_id: int | None = None
    major_id: int | None = None
    gender: str | None = None
    training_mode: str | None = None
    ethnicity: str | None = None
    political_status: str | None = None
    phone: str | None = None
    origin_region_code: str | None = None
    origin_region_name: str | None = None
    class_name: str | None = None
    length_of_schooling: int | None = None
    home_address: str | None = None
    email: str | None = None

    def fail(self, column: str | None, code: ErrorCode, message: str) -> None:
        self.errors.append(RowError(self.line, column, code, message))


class Directory:
    """The school's departments and their majors, matched by code or by name."""

    def __init__(self, departments: list[Department], majors: list[Major]) -> None:
        self.departments: dict[str, list[Department]] = defaultdict(list)
        for d in departments:
            for key in match_keys(d.code, d.name):
                self.departments[key].append(d)
        self.majors: dict[tuple[int, str], list[Major]] = defaultdict(list)
        for m in majors:
            for key in match_keys(m.code, m.name):
                self.majors[(m.department_id, key)].append(m)

    def department(self, value: str) -> Department:
        found = self.departments.get(value, [])
        if len(found) != 1:
            raise DomainError(ErrorCode.UNKNOWN_DEPARTMENT, f"本校没有院系「{value}」", "院系")
        return found[0]

    def major(self, department: Department, value: str) -> Major:
        found = self.majors.get((department.id, value), [])
        if not found:
            raise DomainError(ErrorCode.UNKNOWN_MAJOR, f"{department.name}没有专业「{value}」", "专业")
        if len(found) > 1:
            raise DomainError(ErrorCode.UNKNOWN_MAJOR, f"{department.name}有多个名为「{value}」的专业，请填写专业代码",
                              "专业")
        return found[0]


def match_keys(code: str, name: str) -> set[str]:
    # A numeric cell lost the code's leading zeros (07 became 7): the code without them matches too.
    return {code, name, str(int(code))} if code.isdigit() else {code, name}


def parse(line: int, cells_by_column: dict[str, Any], directory: Directory) -> Row:
    row = Row(line=line)
    raw = cells_by_column.get

    def check(column: str, call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except DomainError as e:
            row.fail(column, e.code, e.message)
            return None

    def given(column: str) -> str | None:
        """The trimmed cell, None when empty or absent; over-long text is an error."""
        value = check(column, cells.text, raw(column), column)
        if not value:
            return None
        limit = _MAX_LENGTH.get(column)
        if limit and len(value) > limit:
            row.fail(column, ErrorCode.INVALID_FORMAT, f"{column}不能超过 {limit} 个字符")
            return None
        return value

    def required(column: str) -> str | None:
        value = given(column)
        if value is None and not any(e.column == column for e in row.errors):
            row.fail(column, ErrorCode.REQUIRED, f"请填写{column}")
        return value

    row.student_number = required("学号")
    name = required("姓名")
    row.name = names.normalize(name) if name else None
    id_text = check("身份证号", cells.id_number_text, raw("身份证号"), "身份证号")
    if id_text is not None:
        row.id_number = check("身份证号", validation.id_number, id_text, "身份证号")
    row.education_level = _coded(row, "学历", codes.EDUCATION_LEVEL, raw("学历"), required=True)
    department_name = required("院系")
    department = department_name and check("院系", directory.department, department_name)
    major_name = required("专业")
    if department and major_name:
        major = check("专业", directory.major, department, major_name)
        if major:
            row.department_id, row.major_id = department.id, major.id

    row.gender = _gender(row, raw("性别"))
    row.training_mode = _coded(row, "培养方式", codes.TRAINING_MODE, raw("培养方式"))
    row.ethnicity = _coded(row, "民族", codes.ETHNICITY, raw("民族"))
    row.political_status = _coded(row, "政治面貌", codes.POLITICAL_STATUS, raw("政治面貌"))
    phone = given("手机号")
    row.phone = phone and check("手机号", validation.phone, phone, "手机号")
    region_code = given("生源所在地代码")
    row.origin_region_code = region_code and check("生源所在地代码", validation.region, region_code, "生源所在地代码")
    row.origin_region_name = given("生源所在地")
    if row.origin_region_name and not region_code:
        row.fail("生源所在地代码", ErrorCode.INVALID_REGION, "填写生源所在地时须同时填写 6 位区县代码")
    row.class_name = given("班级")
    row.length_of_schooling = _years(row, given("学制"))
    row.home_address = given("家庭地址")
    email = given("电子邮箱")
    row.email = email and check("电子邮箱", validation.email, email, "电子邮箱")
    return row


def _coded(row: Row, column: str, table: dict[str, str], raw: Any, *, required: bool = False) -> str | None:
    """A code-table cell holding either the code or its Chinese label."""
    try:
        value = cells.code_text(raw, column, width=len(next(iter(table))))
    except DomainError as e:
        row.fail(column, e.code, e.message)
        return None
    if not value:
        if required:
            row.fail(column, ErrorCode.REQUIRED, f"请填写{column}")
        return None
    if value in table:
        return value
    by_label = {label: code for code, label in table.items()}
    if value in by_label:
        return by_label[value]
    row.fail(column, ErrorCode.INVALID_CODE, f"{column}「{value}」不在代码表中")
    return None


def _gender(row: Row, raw: Any) -> str | None:
    """From the ID number when the cell is empty; a given gender must agree with the ID number."""
    stated = _coded(row, "性别", codes.GENDER, raw)
    if row.id_number is None:
        return stated
    derived = validation.gender_from_id_number(row.id_number)
    if stated and stated != derived:
        row.fail("性别", ErrorCode.INVALID_INPUT, "性别与身份证号码不一致")
        return None
    return derived


def _years(row: Row, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 10:
        row.fail("学制", ErrorCode.INVALID_FORMAT, "学制应为 1 到 10 的整数年数")
        return None
    return int(value)


def flag_duplicates(rows: list[Row]) -> None:
    """A student number, or an ID number, repeated for the same level within the file: every line involved
    is refused, since which one is right is for the school to decide."""
    for label, key in (("学号", lambda r: r.student_number), ("身份证号", lambda r: r.id_number)):
        lines: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in rows:
            if key(row) and row.education_level:
                lines[(row.education_level, key(row))].append(row)
        for group in lines.values():
            if len(group) > 1:
                where = "、".join(str(r.line) for r in group)
                for row in group:
                    row.fail(label, ErrorCode.DUPLICATE_ROW, f"{label}在文件第 {where} 行重复（同一学历）")
