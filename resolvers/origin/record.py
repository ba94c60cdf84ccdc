"""The graduate keeps their contact fields and origin region, then confirms the record (O1, S0)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from models import Graduate
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.national import sync as national_sync
from resolvers.viewer import Role
from server import clock, crypto

_QQ = re.compile(r"^[1-9]\d{4,11}$")


@dataclass
class OriginChanges:
    """What the graduate sent; None means the field was left out, "" or a blank value clears it."""

    phone: str | None = None
    origin_region_code: str | None = None
    origin_region_name: str | None = None
    home_address: str | None = None
    email: str | None = None
    qq: str | None = None
    region_given: bool = False


async def _own_record(ctx: Context) -> Graduate:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    return await Graduate.get(id=ctx.viewer.id)


def _validate(given: OriginChanges) -> dict[str, Any]:
    errors = ErrorCollector()
    values: dict[str, Any] = {}
    if given.phone is not None:
        if not given.phone.strip():
            errors.add(ErrorCode.REQUIRED, "phone", "本人联系电话必填，不能清空")
        elif (phone := errors.check(validation.phone, given.phone, "phone")) is not None:
            values["phone"] = phone
    if given.region_given and given.origin_region_code is None:
        errors.add(ErrorCode.REQUIRED, "originRegion", "生源所在地不能清空")
    elif given.region_given:
        code = errors.check(validation.region, given.origin_region_code or "", ["originRegion", "code"])
        name = errors.check(validation.required, given.origin_region_name, ["originRegion", "name"], "生源所在地名称")
        if code and name:
            values.update(origin_region_code=code, origin_region_name=name[:128])
    if given.home_address is not None:
        address = given.home_address.strip()
        if len(address) > 255:
            errors.add(ErrorCode.INVALID_FORMAT, "homeAddress", "家庭地址不能超过 255 个字")
        values["home_address"] = address or None
    if given.email is not None:
        email = given.email.strip()
        values["email"] = errors.check(validation.email, email, "email") if email else None
    if given.qq is not None:
        qq = given.qq.strip()
        if qq and not _QQ.match(qq):
            errors.add(ErrorCode.INVALID_FORMAT, "qq", "QQ 号应为 5 至 12 位数字")
        values["qq"] = qq or None
    errors.raise_if_any()
    return values


async def update_origin_record(ctx: Context, given: OriginChanges) -> Graduate:
    graduate = await _own_record(ctx)
    values = _validate(given)
    phone = values.pop("phone", None)
    values = {k: v for k, v in values.items() if getattr(graduate, k) != v}
    if phone and phone != crypto.decrypt(graduate.phone_enc):
        values["phone_enc"] = crypto.encrypt(phone)
    if not values:
        return graduate
    # The origin region decides where the personnel file is sent: a changed region must be confirmed again.
    if graduate.origin_confirmed_at and "origin_region_code" in values:
        values["origin_confirmed_at"] = None
    before = audit.snapshot(graduate, list(values))
    await Graduate.filter(id=graduate.id).update(**values)
    for key, value in values.items():
        setattr(graduate, key, value)
    await audit.record(ctx, AuditAction.ORIGIN_RECORD_UPDATED, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before=before, after=values)
    await national_sync.queue(graduate.id, *national_records(values))
    return graduate


_CONTACT_FIELDS = {"phone_enc", "email", "qq"}


def national_records(changed) -> list[str]:
    """The national system's records a change of these Graduate fields alters (issue 12 §6)."""
    changed = set(changed) - {"origin_confirmed_at"}
    return ([*(["origin"] if changed - _CONTACT_FIELDS else []), *(["contact"] if changed & _CONTACT_FIELDS else [])])


async def confirm_origin_record(ctx: Context, confirmed: bool) -> Graduate:
    graduate = await _own_record(ctx)
    if not confirmed:
        raise DomainError(ErrorCode.INVALID_INPUT, "请勾选确认生源信息无误", "confirmed")
    errors = ErrorCollector()
    if not graduate.phone_enc:
        errors.add(ErrorCode.REQUIRED, "phone", "请先填写本人联系电话")
    if not graduate.origin_region_code:
        errors.add(ErrorCode.REQUIRED, "originRegion", "请先填写生源所在地（到区县）")
    errors.raise_if_any()
    if graduate.origin_confirmed_at:
        return graduate
    now = clock.now()
    await Graduate.filter(id=graduate.id).update(origin_confirmed_at=now)
    graduate.origin_confirmed_at = now
    await audit.record(ctx, AuditAction.ORIGIN_RECORD_CONFIRMED, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before={"origin_confirmed_at": None},
                       after={"origin_confirmed_at": now})
    return graduate
