"""A registration's own fields (D1): each type's required fields checked together, so one answer names every
missing or wrong field; fields the type does not ask for are not kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Graduate, codes
from resolvers import validation
from resolvers.destination.catalog import (
    BY_CHOICE,
    DIRECTED_SUPPLEMENT,
    OPTIONAL,
    SUB_TYPES,
    TYPES_WITH_SUB_TYPES,
    Field,
    Kind,
)
from resolvers.errors import DomainError, ErrorCode, ErrorCollector

MIN_MONTHS = 6  # seed 000 notes 2-3: a contract or employment of at least six months after leaving school
TEXT_LIMIT = 128


def choose(graduate: Graduate, type_code: str | None, sub_type: str | None) -> Kind:
    """The kind a graduate may register (D1, D5)."""
    type_code = (type_code or "").strip()
    sub_type = (sub_type or "").strip() or None
    if type_code not in codes.DESTINATION_TYPE:
        raise DomainError(ErrorCode.INVALID_CODE, f"毕业去向代码「{type_code}」不在代码表中", "type")
    if sub_type is None and type_code in TYPES_WITH_SUB_TYPES:
        subs = [k for k in SUB_TYPES.values() if k.type == type_code]
        if len(subs) == 1:
            sub_type = subs[0].sub_type
        else:
            raise DomainError(ErrorCode.REQUIRED, "请选择具体去向：" + "、".join(k.label for k in subs), "subType")
    kind = BY_CHOICE.get((type_code, sub_type))
    if kind is None:
        raise DomainError(ErrorCode.INVALID_CODE, f"「{codes.DESTINATION_TYPE[type_code]}」下没有此具体去向",
                          "subType" if sub_type else "type")
    directed = graduate.training_mode != codes.NON_DIRECTED
    if directed and kind.sub_type != DIRECTED_SUPPLEMENT:
        raise DomainError(ErrorCode.DESTINATION_NOT_ALLOWED,
                          "定向、委培毕业生只能登记「定向/委培毕业去向补充登记」", "type")
    if not directed and kind.sub_type == DIRECTED_SUPPLEMENT:
        raise DomainError(ErrorCode.DESTINATION_NOT_ALLOWED, "「定向/委培毕业去向补充登记」仅限定向、委培毕业生",
                          "subType")
    return kind


def clean(kind: Kind, raw: dict[str, Any], path: str = "details") -> dict[str, Any]:
    """The type's fields from `raw` (keyed like Destination.details), checked; every problem raised at once."""
    errors = ErrorCollector()
    out: dict[str, Any] = {}
    for f in kind.fields:
        value = errors.check(_value, f, raw.get(f.key), path, required=True)
        if value is not None:
            out[f.key] = value
    for f in OPTIONAL:
        if f in kind.fields or raw.get(f.key) in (None, ""):
            continue
        value = errors.check(_value, f, raw.get(f.key), path, required=False)
        if value is not None:
            out[f.key] = value
    errors.raise_if_any()
    return out


def _value(f: Field, value: Any, path: str, *, required: bool) -> Any:
    if f.kind == "region":
        value = value or {}
        code = (value.get("code") or "").strip()
        name = (value.get("name") or "").strip()
        if not code:
            raise DomainError(ErrorCode.REQUIRED, f"请填写{f.label}", [path, f"{f.name}Code"])
        code = validation.region(code, [path, f"{f.name}Code"])
        if not name:
            raise DomainError(ErrorCode.REQUIRED, f"请填写{f.label}名称", [path, f"{f.name}Name"])
        return {"code": code, "name": name[:TEXT_LIMIT]}
    field = [path, f.name]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(ErrorCode.REQUIRED, f"请填写{f.label}", field)
    if f.kind in ("text", "url"):
        return validation.text(value, field, f.label, TEXT_LIMIT)
    if f.kind == "nature":
        return validation.code("EMPLOYER_NATURE", value, field)
    if f.kind == "industry":
        return validation.code("INDUSTRY", value, field)
    if f.kind == "uscc":
        return validation.uscc_code(value, field)[0]
    if f.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if f.kind == "months":
        if value < MIN_MONTHS:
            raise DomainError(ErrorCode.OUT_OF_RANGE, f"{f.label}不少于 {MIN_MONTHS} 个月", field)
        return int(value)
    if f.kind == "money":
        if value <= 0:
            raise DomainError(ErrorCode.OUT_OF_RANGE, f"请填写{f.label}", field)
        return int(value)
    if f.kind == "confirm":
        if value is not True:
            raise DomainError(ErrorCode.OUT_OF_RANGE, f"须{f.label}方可登记", field)
        return True
    raise AssertionError(f.kind)


def shown(value: Any) -> str:
    """A stored field as the screen shows it: a region by its name, a confirmation as 是."""
    if isinstance(value, dict):
        return value.get("name") or value.get("code") or ""
    if value is True:
        return "是"
    return str(value)
