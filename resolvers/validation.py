"""Checks of identifiers and formats (docs/rules.md, Identifiers and code tables). Each returns the normalized value."""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from models import codes
from resolvers.errors import DomainError, ErrorCode
from server import clock

_PHONE = re.compile(r"^(?:\+86)?(1[3-9]\d{9})$")
_REGION = re.compile(r"^\d{6}$")
_POSTCODE = re.compile(r"^\d{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$")
_ORG_CODE = re.compile(r"^[0-9A-Za-z]{1,16}$")


# Issue 7.6: a birth date a graduate can have, at the time the number is given (import, binding, identification).
MIN_AGE, MAX_AGE = 14, 70


def id_number(value: str, field: str = "idNumber") -> str:
    """GB 11643: 18 characters, checksum (python-stdnum), and a birth date that makes an age of 14 to 70 today."""
    normalized = (value or "").strip().upper()
    if not normalized:
        raise DomainError(ErrorCode.REQUIRED, "请填写身份证号码", field)
    if len(normalized) == 15 and normalized.isdigit():
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, "15 位旧身份证号码请换算为 18 位后填写"
                          "（出生年份补全为 4 位并加校验位，与现行身份证一致）", field)
    try:
        ric.validate(normalized)
    except ValidationError as e:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, f"身份证号码无效：{_why(e)}", field) from None
    if len(normalized) != 18:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, "身份证号码应为 18 位", field)
    _plausible_birth(ric.get_birth_date(normalized), field)
    return normalized


def _plausible_birth(birth: dt.date, field: str) -> None:
    today = clock.today()
    if birth > today:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, "身份证号码无效：出生日期晚于今天", field)
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, f"身份证号码中的出生日期（{birth:%Y-%m-%d}）对应年龄 {age} 岁，"
                          f"不在 {MIN_AGE} 至 {MAX_AGE} 岁之间，请核对", field)


def _why(e: ValidationError) -> str:
    name = type(e).__name__
    return {
        "InvalidChecksum": "校验位错误",
        "InvalidLength": "位数不正确",
        "InvalidFormat": "格式不正确",
        "InvalidComponent": "出生日期或地区码不正确",
    }.get(name, "格式不正确")


def gender_from_id_number(value: str) -> str:
    return "1" if int(value[16]) % 2 == 1 else "2"


def phone(value: str, field: str = "phone") -> str:
    match = _PHONE.match((value or "").strip().replace(" ", "").replace("-", ""))
    if not match:
        raise DomainError(ErrorCode.INVALID_PHONE, "手机号码应为 11 位大陆手机号", field)
    return match.group(1)


def uscc_code(value: str, field: str = "uscc") -> tuple[str, bool]:
    """Returns (code, checksum_failed). A checksum failure is a warning: early real codes fail it."""
    normalized = (value or "").strip().upper()
    if not _USCC_SHAPE.match(normalized):
        raise DomainError(ErrorCode.INVALID_USCC, field=field)
    try:
        uscc.validate(normalized)
    except ValidationError:
        return normalized, True
    return normalized, False


def region(value: str, field: str = "regionCode") -> str:
    """A district-level GB/T 2260 code: 6 digits whose last two are not 00 (O1, D1)."""
    normalized = (value or "").strip()
    if not _REGION.match(normalized) or normalized.endswith("00"):
        raise DomainError(ErrorCode.INVALID_REGION, field=field)
    return normalized


def postcode(value: str, field: str = "postcode") -> str:
    normalized = (value or "").strip()
    if not _POSTCODE.match(normalized):
        raise DomainError(ErrorCode.INVALID_POSTCODE, field=field)
    return normalized


def email(value: str, field: str = "email") -> str:
    normalized = (value or "").strip()
    if not _EMAIL.match(normalized):
        raise DomainError(ErrorCode.INVALID_EMAIL, field=field)
    return normalized


def code(table_name: str, value: str | None, field: str) -> str:
    table = codes.TABLES[table_name]
    if not value or value not in table:
        raise DomainError(ErrorCode.INVALID_CODE, f"代码「{value or ''}」不在{table_name}代码表中", field)
    return value


def required(value: str | None, field: str, label: str) -> str:
    normalized = (value or "").strip()
    if not normalized:
        raise DomainError(ErrorCode.REQUIRED, f"请填写{label}", field)
    return normalized


def password_strength(value: str, field: str = "newPassword") -> str:
    if len(value) < 8 or not re.search(r"[A-Za-z]", value) or not re.search(r"\d", value):
        raise DomainError(ErrorCode.WEAK_PASSWORD, field=field)
    return value


def text(value: str | None, field: str, label: str, max_length: int) -> str:
    """Required text, trimmed, at most max_length characters."""
    normalized = required(value, field, label)
    if len(normalized) > max_length:
        raise DomainError(ErrorCode.INVALID_FORMAT, f"{label}不能超过 {max_length} 个字", field)
    return normalized


def username(value: str | None, field: str = "username") -> str:
    """A staff login name: 3 to 64 letters, digits or _ . @ -, beginning with a letter or digit."""
    normalized = required(value, field, "登录名")
    if not _USERNAME.match(normalized):
        raise DomainError(ErrorCode.INVALID_FORMAT,
                          "登录名应为 3 至 64 位字母、数字或 _ . @ -，并以字母或数字开头", field)
    return normalized


def org_code(value: str | None, field: str, label: str) -> str:
    """A department or major code as the school uses it: 1 to 16 letters or digits (07, 080902, CS)."""
    normalized = required(value, field, label)
    if not _ORG_CODE.match(normalized):
        raise DomainError(ErrorCode.INVALID_FORMAT, f"{label}应为 1 至 16 位字母或数字", field)
    return normalized
