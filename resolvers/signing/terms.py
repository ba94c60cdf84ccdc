"""The agreement terms an invitation carries (P4, seed 001 articles 2 and 5) and its response deadline (S4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Position, School
from resolvers import validation
from resolvers.errors import ErrorCode, ErrorCollector
from server import clock, crypto

MAX_PROBATION_MONTHS = 6  # Labour Contract Law art. 19


def deadline(school: School, given: dt.datetime | None, now: dt.datetime, errors: ErrorCollector) -> dt.datetime:
    """S4: the school's default when none is given; a given one must lie within the school's maximum."""
    if given is None:
        return now + dt.timedelta(days=school.invitation_default_days)
    value = clock.aware(given)
    if value <= now or value > now + dt.timedelta(days=school.invitation_max_days):
        errors.add(ErrorCode.DEADLINE_OUT_OF_RANGE, "deadline",
                   f"应约截止时间须晚于当前时间，且不超过 {school.invitation_max_days} 天")
    return value


def invitation_fields(terms: Any, position: Position | None, *, has_hiring_autonomy: bool,
                      default_authority: str, default_contact_name: str, default_contact_phone: str | None,
                      errors: ErrorCollector) -> dict[str, Any]:
    """Model fields of SigningInvitation from the `terms` input; blanks fall back to the position and employer."""

    def field(name: str) -> list[str]:
        return ["terms", name]

    title = (terms.position_title or (position.title if position else "")).strip()
    if not title:
        errors.add(ErrorCode.REQUIRED, field("positionTitle"), "请填写工作岗位")
    location_code = terms.work_location_code or (position.location_code if position else "")
    location_name = terms.work_location_name or (position.location_name if position else "")
    location_code = errors.check(validation.region, location_code, field("workLocationCode"))
    if terms.monthly_salary is None or terms.monthly_salary <= 0:
        errors.add(ErrorCode.INVALID_INPUT, field("monthlySalary"), "请填写月薪（元，正整数）")
    if terms.probation_months is None or not 0 <= terms.probation_months <= MAX_PROBATION_MONTHS:
        errors.add(ErrorCode.INVALID_INPUT, field("probationMonths"), "试用期应为 0 至 6 个月")
    if terms.contract_years is not None and terms.contract_years < 1:
        errors.add(ErrorCode.INVALID_INPUT, field("contractYears"), "劳动合同期限至少 1 年")
    authority = (terms.supervising_authority or default_authority or "").strip()
    if not has_hiring_autonomy and not authority:
        errors.add(ErrorCode.REQUIRED, field("supervisingAuthority"),
                   "单位无人事权，须填写上级主管部门（工作地或生源地人才服务中心）")
    contact_phone = terms.contact_phone or default_contact_phone
    if terms.contact_phone:
        contact_phone = errors.check(validation.phone, terms.contact_phone, field("contactPhone"))
    return {
        "position_title": title[:64],
        "job_category": (terms.job_category or (position.category if position else "")).strip()[:64],
        "work_location_code": location_code or "",
        "work_location_name": (location_name or "").strip()[:128],
        "monthly_salary": terms.monthly_salary,
        "probation_months": terms.probation_months,
        "contract_years": terms.contract_years,
        "report_date": terms.report_date,
        "breach_terms": (terms.breach_terms or "").strip(),
        "other_terms": (terms.other_terms or "").strip(),
        "supervising_authority": authority[:128],
        "contact_name": (terms.contact_name or default_contact_name or "").strip()[:32],
        "contact_phone_enc": crypto.encrypt(contact_phone) if contact_phone else None,
    }
