"""Codes and names of departments and majors: checked, and unique among their siblings the way roster import
matches them (by code, by a numeric code without its leading zeros, or by name)."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from resolvers import audit, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
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


async def rename(ctx: Context, row: Model, siblings: list[Any], code: str | None, name: str | None, *, label: str,
                 scope: str, school_id: int, department_id: int, action: AuditAction) -> Model:
    """Change a department's or a major's code and name: checked, unique among its siblings, audited."""
    changed = {k: v for k, v in validated(code, name, label=label, partial=True).items() if getattr(row, k) != v}
    if not changed:
        return row
    ensure_unique(siblings, changed.get("code", row.code), changed.get("name", row.name), label=label,
                  scope=scope, exclude_id=row.id)
    before = audit.snapshot(row, list(changed))
    try:
        await type(row).filter(id=row.id).update(**changed)
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE_CODE, f"{label}代码或名称刚被他人使用，请刷新后重试", "code") from None
    for key, value in changed.items():
        setattr(row, key, value)
    table = row._meta.db_table
    await audit.record(ctx, action, table, row.id, school_id=school_id, department_id=department_id,
                       before=before, after=changed)
    return row
