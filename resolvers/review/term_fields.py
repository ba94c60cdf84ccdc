"""The agreement's term fields a reviewer may return for revision, and which party corrects each.

The employer wrote the job terms into its signing invitation (articles 2 and 5, party B), so the employer
corrects them; the graduate corrects the party A contact fields they keep themselves (O1). Fields the school
imported (name, student number, ID number, major ...) are corrected through correction requests (O2), and the
graduate's phone stays out of the terms because it is personal data (B5).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from resolvers import validation
from resolvers.errors import DomainError, ErrorCode
from resolvers.offline import fields as offline_fields

GRADUATE = "graduate"
EMPLOYER = "employer"


def _text(label: str, max_length: int) -> Callable[[Any, str], str]:
    def check(value: Any, field: str) -> str:
        text = validation.required(value, field, label)
        if len(text) > max_length:
            raise DomainError(ErrorCode.INVALID_INPUT, f"{label}不能超过 {max_length} 个字", field)
        return text
    return check


def _optional_text(max_length: int) -> Callable[[Any, str], str]:
    def check(value: Any, field: str) -> str:
        text = (value or "").strip()
        if len(text) > max_length:
            raise DomainError(ErrorCode.INVALID_INPUT, f"不能超过 {max_length} 个字", field)
        return text
    return check


def _whole(label: str, low: int, high: int) -> Callable[[Any, str], int]:
    def check(value: Any, field: str) -> int:
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(ErrorCode.INVALID_INPUT, f"{label}应在 {low} 到 {high} 之间", field)
        return value
    return check


def _date(value: Any, field: str) -> str:
    if not isinstance(value, dt.date):
        raise DomainError(ErrorCode.REQUIRED, "请填写报到日期", field)
    return value.isoformat()


# name -> (party who corrects it, check returning the value kept in Agreement.terms)
TERM_FIELDS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "positionTitle": (EMPLOYER, _text("岗位名称", 64)),
    "jobCategory": (EMPLOYER, _optional_text(64)),
    "workLocationCode": (EMPLOYER, lambda v, f: validation.region(v, f)),
    "workLocationName": (EMPLOYER, _text("工作地点", 128)),
    "monthlySalary": (EMPLOYER, _whole("月薪（元）", 1, 1_000_000)),
    "probationMonths": (EMPLOYER, _whole("试用期（月）", 0, 6)),
    "contractYears": (EMPLOYER, _whole("劳动合同期限（年）", 1, 10)),
    "reportDate": (EMPLOYER, _date),
    "breachTerms": (EMPLOYER, _optional_text(2000)),
    "otherTerms": (EMPLOYER, _optional_text(2000)),
    "supervisingAuthority": (EMPLOYER, _text("上级主管部门（档案接收部门）", 128)),
    "contactName": (EMPLOYER, _text("联系人", 32)),
    "graduateHomeAddress": (GRADUATE, _text("家庭地址", 255)),
    "graduateEmail": (GRADUATE, lambda v, f: validation.email(v, f)),
    "graduateQq": (GRADUATE, _optional_text(16)),
}


# An offline or paper agreement is returned for the content the graduate entered (resolvers/offline/settle.py
# refuses the names that do not fit the agreement's method and stage, resolvers/review/settle_agreement.py those
# that do not fit an online one).
RETURNABLE = frozenset(TERM_FIELDS) | offline_fields.NAMES


def check_names(names: list[str], field: str) -> list[str]:
    """The distinct known names, in the order given; unknown names are refused."""
    unknown = [n for n in names if n not in RETURNABLE]
    if unknown:
        raise DomainError(ErrorCode.INVALID_INPUT, f"不是协议书中可修改的项目：{'、'.join(unknown)}", field)
    return list(dict.fromkeys(names))


def owner(name: str) -> str:
    return TERM_FIELDS[name][0]


def clean(name: str, value: Any, field: str) -> Any:
    return TERM_FIELDS[name][1](value, field)


# name -> where `agreement_terms.freeze` keeps it in Agreement.terms; the first place is the one read back.
# The supervising authority is both an article and a party B detail, so a correction changes both.
WHERE: dict[str, tuple[tuple[str, ...], ...]] = {
    "positionTitle": (("articles", "positionTitle"),),
    "jobCategory": (("articles", "jobCategory"),),
    "workLocationCode": (("articles", "workLocation", "code"),),
    "workLocationName": (("articles", "workLocation", "name"),),
    "monthlySalary": (("articles", "monthlySalary"),),
    "probationMonths": (("articles", "probationMonths"),),
    "contractYears": (("articles", "contractYears"),),
    "reportDate": (("articles", "reportDate"),),
    "breachTerms": (("articles", "breachTerms"),),
    "otherTerms": (("articles", "otherTerms"),),
    "supervisingAuthority": (("articles", "supervisingAuthority"), ("partyB", "supervisingAuthority")),
    "contactName": (("partyB", "contactName"),),
    "graduateHomeAddress": (("partyA", "homeAddress"),),
    "graduateEmail": (("partyA", "email"),),
    "graduateQq": (("partyA", "qq"),),
}


def value_in(terms: dict[str, Any], name: str) -> Any:
    node: Any = terms
    for key in WHERE[name][0]:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def corrected(terms: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A copy of the terms with each corrected value in its place(s); nothing else changes."""
    result = copy.deepcopy(terms)
    for name, value in values.items():
        for path in WHERE[name]:
            node = result
            for key in path[:-1]:
                if not isinstance(node.get(key), dict):
                    node[key] = {}
                node = node[key]
            node[path[-1]] = value
    return result
