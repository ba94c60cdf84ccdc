"""Archive forwarding (档案转寄, X1, seed 003 §5 ④): where the graduate's personnel file is sent, kept by the
graduate. The address is kept to the district with the same region codes as the origin record (O1)."""

from __future__ import annotations

from dataclasses import dataclass

from models import ArchiveForwarding, Graduate
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import ErrorCollector
from resolvers.national import sync as national_sync
from resolvers.records.checks import check
from resolvers.viewer import Role
from server import crypto

FIELDS = ("recipient_unit", "region_code", "region_name", "address", "postcode", "recipient")


@dataclass(frozen=True)
class ArchiveAddress:
    recipient_unit: str
    region_code: str
    region_name: str
    address: str
    postcode: str
    recipient: str
    phone: str


def _text(label: str, max_length: int):
    return lambda value, field: validation.text(value, field, label, max_length)


def _validate(given: ArchiveAddress) -> dict:
    errors = ErrorCollector()
    values = {
        "recipient_unit": check(errors, "档案接收单位", _text("档案接收单位", 128), given.recipient_unit,
                                ["recipientUnit"]),
        "region_code": check(errors, "档案接收单位所在地区", validation.region, given.region_code,
                             ["region", "code"]),
        "region_name": check(errors, "档案接收单位所在地区", _text("所在地区名称", 128), given.region_name,
                             ["region", "name"]),
        "address": check(errors, "详细地址", _text("详细地址", 255), given.address, ["address"]),
        "postcode": check(errors, "邮政编码", validation.postcode, given.postcode, ["postcode"]),
        "recipient": check(errors, "收件人", _text("收件人", 64), given.recipient, ["recipient"]),
        "phone": check(errors, "收件人联系电话", validation.phone, given.phone, ["phone"]),
    }
    errors.raise_if_any()
    return values


async def update_archive_forwarding(ctx: Context, given: ArchiveAddress) -> Graduate:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    graduate = await Graduate.get(id=ctx.viewer.id)
    values = _validate(given)
    phone = values.pop("phone")
    row = await ArchiveForwarding.get_or_none(graduate_id=graduate.id)
    if row is None:
        before = None
        row = await ArchiveForwarding.create(graduate_id=graduate.id, phone_enc=crypto.encrypt(phone), **values)
    else:
        before = {**audit.snapshot(row, FIELDS), "phone": crypto.mask_phone(crypto.decrypt(row.phone_enc))}
        if audit.snapshot(row, FIELDS) == values and crypto.decrypt(row.phone_enc) == phone:
            return graduate
        await ArchiveForwarding.filter(id=row.id).update(phone_enc=crypto.encrypt(phone), **values)
    await audit.record(ctx, AuditAction.ARCHIVE_FORWARDING_UPDATED, "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id, before=before,
                       after={**values, "phone": crypto.mask_phone(phone)})
    await national_sync.queue(graduate.id, "archive")
    return graduate
