"""Codes and names of departments and majors: checked, and unique among their siblings the way roster import
matches them (by code, by a numeric code without its leading zeros, or by name)."""

from __future__ import annotations

from typing import Any

from resolvers import validation
from resolvers.errors import ErrorCode, ErrorCollector
from resolvers.roster.rows import match_keys

NAME_MAX = 64


def validated(code: str | None, name: str | None, *, label: str, partial: bool) -> dict[str, str]:
    """The code and name given, trimmed and checked, every error at once. partial: None leaves a value as it is."""
    errors = ErrorCollector()
    values: dict[str, Any] = {}
    if code is not None or not partial:
        values["code"] = errors.check(validation.org_code, code, "code", f"{label}代码")
    if name is not None or not partial:
        values["name"] = errors.check(validation.text, name, "name", f"{label}名称", NAME_MAX)
    errors.raise_if_any()
    return values


def ensure_unique(siblings: list[Any], code: str, name: str, *, label: str, scope: str,
                  exclude_id: int | None = None) -> None:
    """No sibling may be found by the same key: a roster row naming either would match neither."""
    errors = ErrorCollector()
    code_keys = match_keys(code, code)
    clash_code = clash_name = None
    for row in siblings:
        if row.id == exclude_id:
            continue
        keys = match_keys(row.code, row.name)
        clash_code = clash_code or (row if code_keys & keys else None)
        clash_name = clash_name or (row if name in keys else None)
    if clash_code:
        errors.add(ErrorCode.DUPLICATE_CODE, "code",
                   f"{label}代码「{code}」与{scope}{label}「{clash_code.name}」（代码 {clash_code.code}）重复")
    if clash_name:
        errors.add(ErrorCode.DUPLICATE_NAME, "name",
                   f"{label}名称「{name}」与{scope}{label}「{clash_name.name}」（代码 {clash_name.code}）重复")
    errors.raise_if_any()
