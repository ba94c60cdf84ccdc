"""School settings (R2, S11, T2, T3, S4, quiet hours of SMS): changed by the school's own admin, validated,
audited."""

from __future__ import annotations

import calendar
import re
from typing import Any

from models import School
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector

SETTINGS = ("review_levels", "signing_opens_month", "signing_opens_day", "termination_opens_month",
            "termination_opens_day", "max_terminations", "invitation_default_days", "invitation_max_days",
            *("contact_department", "contact_person", "contact_phone", "address"))
MAX_INVITATION_DAYS = 365
_QUIET = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


def quiet_hours_text(start: int | None, end: int | None) -> str | None:
    if start is None or end is None:
        return None
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def _quiet_hours(text: str) -> tuple[int | None, int | None]:
    """"22:00-08:00" (Beijing time, may cross midnight) as minutes after midnight; "" means none."""
    text = text.strip().replace("－", "-").replace("：", ":")
    if not text:
        return None, None
    match = _QUIET.fullmatch(text)
    if match is None:
        raise DomainError(ErrorCode.INVALID_FORMAT, "免打扰时段格式应为「22:00-08:00」，留空表示不设", "quietHours")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if (h1, m1) == (h2, m2):
        raise DomainError(ErrorCode.INVALID_INPUT, "免打扰时段的开始与结束不能相同", "quietHours")
    return h1 * 60 + m1, h2 * 60 + m2


# The school's contact block printed on every agreement (P4, seed 001): field -> (input name, label, length).
CONTACT = {"contact_department": ("contactDepartment", "学校联系部门", 64),
           "contact_person": ("contactPerson", "联系人", 32),
           "contact_phone": ("contactPhone", "联系电话", 32),
           "address": ("address", "学校通讯地址", 128)}
# Landlines with area code and extension as schools write them (0553-2871411, 0551-6290 1234 转 8001).
_CONTACT_PHONE = re.compile(r"^[0-9+()（） \-转,，]{5,32}$")


def _check_month_day(errors: ErrorCollector, values: dict[str, Any], key: str, field: str) -> None:
    # A leap year's calendar: 29 February is allowed, and means 1 March in other years (school_dates).
    month, day = values[f"{key}_month"], values[f"{key}_day"]
    if not 1 <= month <= 12:
        errors.add(ErrorCode.INVALID_INPUT, f"{field}Month", "月份应在 1 至 12 之间")
    elif not 1 <= day <= calendar.monthrange(2024, month)[1]:
        errors.add(ErrorCode.INVALID_INPUT, f"{field}Day", f"{month} 月没有 {day} 日")


def _validate(values: dict[str, Any]) -> None:
    errors = ErrorCollector()
    if values["review_levels"] not in (1, 2):
        errors.add(ErrorCode.INVALID_INPUT, "reviewLevels", "审核级数只能为 1（学校审核）或 2（院系初审、学校终审）")
    _check_month_day(errors, values, "signing_opens", "signingOpens")
    _check_month_day(errors, values, "termination_opens", "terminationOpens")
    if not 0 <= values["max_terminations"] <= 99:
        errors.add(ErrorCode.INVALID_INPUT, "maxTerminations", "解约次数上限应在 0 至 99 之间")
    for key, (field, label, length) in CONTACT.items():
        values[key] = (values[key] or "").strip()
        if len(values[key]) > length:
            errors.add(ErrorCode.INVALID_INPUT, field, f"{label}不能超过 {length} 个字")
    if values["contact_phone"] and not _CONTACT_PHONE.match(values["contact_phone"]):
        errors.add(ErrorCode.INVALID_PHONE, "contactPhone", "联系电话只能包含数字、区号分隔符“-”和“转”")
    default_days, max_days = values["invitation_default_days"], values["invitation_max_days"]
    if not 1 <= max_days <= MAX_INVITATION_DAYS:
        errors.add(ErrorCode.INVALID_INPUT, "invitationMaxDays", f"应约期限上限应在 1 至 {MAX_INVITATION_DAYS} 天之间")
    if not 1 <= default_days <= max_days:
        errors.add(ErrorCode.INVALID_INPUT, "invitationDefaultDays", "默认应约期限应至少 1 天，且不超过上限")
    errors.raise_if_any()


async def update_settings(ctx: Context, school_id: int, given: dict[str, Any], quiet_hours: str | None = None
                          ) -> School:
    authz.require_login(ctx.viewer)
    if not authz.can_manage_school(ctx.viewer, school_id):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只有本校管理员可以修改学校设置", "schoolId")
    school = await School.get(id=school_id)
    values = {k: (given[k] if given.get(k) is not None else getattr(school, k)) for k in SETTINGS}
    _validate(values)
    if quiet_hours is not None:
        values["quiet_hours_start"], values["quiet_hours_end"] = _quiet_hours(quiet_hours)
    changed = {k: v for k, v in values.items() if getattr(school, k) != v}
    if not changed:
        return school
    before = audit.snapshot(school, list(changed))
    await School.filter(id=school.id).update(**changed)
    for key, value in changed.items():
        setattr(school, key, value)
    await audit.record(ctx, AuditAction.SCHOOL_SETTINGS_UPDATED, "school", school.id, school_id=school.id,
                       before=before,
                       after=changed)
    return school
