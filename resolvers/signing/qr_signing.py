"""S3: an employer with no account, holding the graduate's QR card, sends a signing invitation.

The employer is found or created by its USCC. A request without an account never changes an existing
employer's stored details: anyone can type a USCC, so the first registration stays authoritative; this
request's contact person goes on the invitation itself. An employer that has an account is never acted for
here (issue 6 §3): its invitations come from its own signed-in account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Any

from tortoise.transactions import in_transaction

from models import Employer, SigningInvitation
from resolvers import audit, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.signing import invitations, license, qr_card
from server import crypto

EMPLOYER_AUDITED_FIELDS = ("name", "uscc", "uscc_checksum_failed", "nature", "industry", "location_code",
                           "address", "postcode", "contact_name", "contact_phone_enc", "contact_email",
                           "has_hiring_autonomy", "supervising_authority", "license_file_id")


def employer_values(data: Any, errors: ErrorCollector) -> dict[str, Any]:
    def field(name: str) -> list[str]:
        return ["employer", name]

    uscc = errors.check(validation.uscc_code, data.uscc, field("uscc"))
    phone = errors.check(validation.phone, data.contact_phone, field("contactPhone"))
    email = errors.check(validation.email, data.contact_email, field("contactEmail")) if data.contact_email else ""
    return {
        "name": (errors.check(validation.required, data.name, field("name"), "单位名称") or "")[:128],
        "uscc": uscc[0] if uscc else None,
        "uscc_checksum_failed": uscc[1] if uscc else False,
        "nature": errors.check(validation.code, "EMPLOYER_NATURE", data.nature_code, field("natureCode")),
        "industry": errors.check(validation.code, "INDUSTRY", data.industry_code, field("industryCode")),
        "location_code": errors.check(validation.region, data.location_code, field("locationCode")),
        "location_name": (data.location_name or "").strip()[:128],
        "address": (errors.check(validation.required, data.address, field("address"), "单位地址") or "")[:255],
        "postcode": errors.check(validation.postcode, data.postcode, field("postcode")),
        "contact_name": (errors.check(validation.required, data.contact_name, field("contactName"), "联系人")
                         or "")[:32],
        "contact_phone": phone,
        "contact_email": email or "",
        "has_hiring_autonomy": data.has_hiring_autonomy,
        "supervising_authority": (data.supervising_authority or "").strip()[:128],
    }


async def _find_or_create(ctx: Context, values: dict[str, Any], license_data: tuple[bytes, str],
                          filename: str | None) -> Employer:
    # Locked until this transaction ends: a registration claiming the employer waits, it cannot slip in between.
    employer = await Employer.filter(uscc=values["uscc"]).select_for_update().first()
    if employer is not None and employer.login_name is not None:
        raise DomainError(ErrorCode.EMPLOYER_MUST_SIGN_IN, field=["employer", "uscc"])
    if employer is not None and employer.name != values["name"]:
        raise DomainError(ErrorCode.INVALID_INPUT, f"该统一社会信用代码已登记为「{employer.name}」，请核对单位名称",
                          ["employer", "name"])
    if employer is None:
        stored = {k: v for k, v in values.items() if k != "contact_phone"}
        employer = await Employer.create(**stored, contact_phone_enc=crypto.encrypt(values["contact_phone"]))
        await audit.record(ctx, AuditAction.EMPLOYER_CREATED_BY_QR_CARD, "employer", employer.id,
                           after=audit.snapshot(employer, EMPLOYER_AUDITED_FIELDS))
    if employer.license_file_id is None:
        stored_file = await license.store(*license_data, filename, employer.id)
        await Employer.filter(id=employer.id).update(license_file_id=stored_file.id)
        employer.license_file_id = stored_file.id
        await audit.record(ctx, AuditAction.EMPLOYER_LICENSE_UPLOADED, "employer", employer.id,
                           before={"license_file_id": None}, after={"license_file_id": stored_file.id})
    return employer


async def send(ctx: Context, card_token: str, verify_name: str, verify_id_last6: str, employer_input: Any,
               upload: Any, terms_input: Any, deadline: dt.datetime | None) -> SigningInvitation:
    graduate, card_id = await qr_card.holder(card_token)
    await qr_card.verify(ctx, graduate, card_id, verify_name, verify_id_last6)
    errors = ErrorCollector()
    values = employer_values(employer_input, errors)
    license_data = await _collect(errors, license.read(upload))
    errors.raise_if_any()
    async with in_transaction():
        employer = await _find_or_create(ctx, values, license_data, getattr(upload, "filename", None))
        return await invitations.send(
            ctx, graduate_id=graduate.id, employer=employer, method="qr_card", terms_input=terms_input,
            deadline=deadline, contact_name=values["contact_name"], contact_phone=values["contact_phone"])


async def _collect(errors: ErrorCollector, pending: Awaitable[Any]) -> Any:
    try:
        return await pending
    except DomainError as e:
        errors.errors.append(e)
        return None
