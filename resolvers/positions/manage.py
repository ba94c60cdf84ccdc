"""Employers publish and keep their positions; closing and reopening follow states.POSITION."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Position
from resolvers import audit, authz, validation, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.intentions import announce
from resolvers.states import POSITION
from resolvers.viewer import Role
from server.clock import today

TITLE_MAX = 64
CATEGORY_MAX = 64
LOCATION_NAME_MAX = 128
DESCRIPTION_MAX = 10000
FIELDS = ("title", "category", "location_code", "location_name", "salary_min", "salary_max", "headcount",
          "deadline", "description", "state")
# What job intentions are matched on (resolvers/intentions/announce.py), and the deadline that reopens it.
MATCHED_ON = {"category", "location_code", "salary_max", "deadline"}


def _text(errors: ErrorCollector, values: dict, key: str, field: str, label: str, limit: int,
          required: bool) -> None:
    if key not in values:
        return
    values[key] = (values[key] or "").strip()
    if required and not values[key]:
        errors.add(ErrorCode.REQUIRED, field, f"请填写{label}")
    elif len(values[key]) > limit:
        errors.add(ErrorCode.INVALID_INPUT, field, f"{label}最多 {limit} 个字")


def validate(given: dict[str, Any], current: Position | None = None) -> dict[str, Any]:
    """Checks every given field at once (a key missing from `given` keeps its stored value); a salary bound is
    compared with the stored one it pairs with."""
    errors = ErrorCollector()
    values = dict(given)
    _text(errors, values, "title", "title", "职位名称", TITLE_MAX, required=True)
    _text(errors, values, "category", "category", "职位类别", CATEGORY_MAX, required=False)
    _text(errors, values, "location_name", "locationName", "工作地点名称", LOCATION_NAME_MAX, required=True)
    _text(errors, values, "description", "description", "职位描述", DESCRIPTION_MAX, required=False)
    if "location_code" in values:
        values["location_code"] = errors.check(validation.region, values["location_code"], "locationCode")
    for key, field in (("salary_min", "salaryMin"), ("salary_max", "salaryMax")):
        if values.get(key) is not None and values[key] < 0:
            errors.add(ErrorCode.INVALID_INPUT, field, "薪资不能为负数")
    low = values.get("salary_min", current.salary_min if current else None)
    high = values.get("salary_max", current.salary_max if current else None)
    if low is not None and high is not None and min(low, high) >= 0 and low > high:
        errors.add(ErrorCode.INVALID_INPUT, "salaryMax", "薪资上限不能低于下限")
    if "headcount" in values and (values["headcount"] is None or values["headcount"] < 1):
        errors.add(ErrorCode.INVALID_INPUT, "headcount", "招聘人数至少为 1")
    if values.get("deadline") is not None:
        check_deadline(errors, values["deadline"])
    errors.raise_if_any()
    return values


def check_deadline(errors: ErrorCollector, deadline: dt.date) -> None:
    if deadline < today():
        errors.add(ErrorCode.INVALID_INPUT, "deadline", "截止日期不能早于今天")


async def own_position(ctx: Context, position_id: int) -> Position:
    """The employer's own position; anyone else's is NOT_FOUND, so its existence is not disclosed."""
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    position = await Position.get_or_none(id=position_id)
    if position is None or not authz.owns_position(ctx.viewer, position):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return position


async def create(ctx: Context, given: dict[str, Any]) -> Position:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    values = validate(given)
    position = await Position.create(employer_id=ctx.viewer.id, state="open", **values)
    await audit.record(ctx, AuditAction.POSITION_CREATED, "position", position.id, after=audit.snapshot(position,
                       FIELDS))
    await announce.for_position(position)
    return position


async def update(ctx: Context, position_id: int, given: dict[str, Any]) -> Position:
    position = await own_position(ctx, position_id)
    values = validate(given, position)
    before = audit.snapshot(position, FIELDS)
    position.update_from_dict(values)
    await position.save()
    await audit.record(ctx, AuditAction.POSITION_UPDATED, "position", position.id, before=before,
                       after=audit.snapshot(position, FIELDS))
    if MATCHED_ON & values.keys():  # an edit can make it match graduates it did not (issue 12 §3)
        await announce.for_position(position)
    return position


async def close(ctx: Context, position_id: int, reason: str) -> Position:
    position = await own_position(ctx, position_id)
    return await workflow.apply(ctx, POSITION, position, "close", reason=reason.strip())


async def reopen(ctx: Context, position_id: int, deadline: dt.date | None) -> Position:
    """Reopening a position whose deadline has passed takes a new deadline, else nobody could apply to it."""
    position = await own_position(ctx, position_id)
    POSITION.next_state(position.state, "reopen")
    errors = ErrorCollector()
    if deadline is not None:
        check_deadline(errors, deadline)
    elif position.deadline is not None and position.deadline < today():
        errors.add(ErrorCode.INVALID_INPUT, "deadline", "截止日期已过，请填写新的截止日期")
    errors.raise_if_any()
    changes = {"deadline": deadline} if deadline is not None else None
    position = await workflow.apply(ctx, POSITION, position, "reopen", changes=changes)
    await announce.for_position(position)
    return position
