"""Employer self-registration: every field checked at once; an account-less employer (S3) is claimed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from models import Employer
from resolvers import audit, throttle, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.identity.principal import acting_as
from resolvers.viewer import Role
from server import crypto
from server.auth import hash_password, issue_token
from server.settings import get_settings

_LOGIN_NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{3,63}$")
_AUDITED = ("name", "uscc", "uscc_checksum_failed", "nature", "industry", "location_code", "location_name",
            "address", "postcode", "contact_name", "contact_phone_enc", "contact_email", "has_hiring_autonomy",
            "supervising_authority", "login_name")


@dataclass(frozen=True)
class EmployerForm:
    name: str
    uscc: str
    nature_code: str
    industry_code: str
    location_code: str
    location_name: str
    address: str
    postcode: str
    contact_name: str
    contact_phone: str
    contact_email: str
    has_hiring_autonomy: bool
    supervising_authority: str
    login_name: str
    password: str


async def register_employer(ctx: Context, form: EmployerForm) -> tuple[Employer, str]:
    values, login_name = _validate(form)
    # Per client address, else a fresh account would start every per-employer limit afresh (issue 6 §2).
    # Runs in the mutation's transaction: a registration that fails does not count.
    settings = get_settings()
    await throttle.consume(ctx, throttle.Limit(throttle.registration_key(ctx.client_ip),
                                               settings.registrations_per_client,
                                               minutes=settings.registration_window_minutes,
                                               locked_message="该网络地址注册的用人单位过多，请稍后再试或联系学校"))
    existing = await Employer.get_or_none(uscc=values["uscc"])
    errors = ErrorCollector()
    if existing is not None and existing.login_name is not None:
        errors.add(ErrorCode.USCC_TAKEN, "uscc")
    elif existing is not None and crypto.decrypt(existing.contact_phone_enc) != validation.phone(form.contact_phone):
        # USCCs are public: only who signed by QR card (and so gave this phone) may take over its agreements.
        errors.add(ErrorCode.USCC_TAKEN, "uscc", "该单位已通过扫码签约登记，请使用签约时填写的联系电话注册")
    if await Employer.exists(login_name=login_name):
        errors.add(ErrorCode.LOGIN_NAME_TAKEN, "loginName")
    errors.raise_if_any()
    values.update(login_name=login_name, password_hash=hash_password(form.password))
    try:
        employer = await (_claim(ctx, existing, values) if existing else _create(ctx, values))
    except IntegrityError as e:
        # Another registration with this USCC or login name committed in between.
        if "uscc" in str(e).lower():
            raise DomainError(ErrorCode.USCC_TAKEN, field="uscc") from None
        raise DomainError(ErrorCode.LOGIN_NAME_TAKEN, field="loginName") from None
    return employer, issue_token(Role.EMPLOYER, employer.id, employer.session_version)


def _validate(form: EmployerForm) -> tuple[dict, str]:
    errors = ErrorCollector()

    def text(value: str, field: str, label: str, max_length: int, required: bool = True) -> str:
        value = (value or "").strip()
        if required and not value:
            errors.add(ErrorCode.REQUIRED, field, f"请填写{label}")
        elif len(value) > max_length:
            errors.add(ErrorCode.INVALID_FORMAT, field, f"{label}不能超过 {max_length} 个字")
        return value

    uscc = errors.check(validation.uscc_code, form.uscc, "uscc")
    values = {
        "name": text(form.name, "name", "单位名称", 128),
        "nature": errors.check(validation.code, "EMPLOYER_NATURE", form.nature_code, "natureCode"),
        "industry": errors.check(validation.code, "INDUSTRY", form.industry_code, "industryCode"),
        "location_code": errors.check(validation.region, form.location_code, "locationCode"),
        "location_name": text(form.location_name, "locationName", "单位所在地", 128),
        "address": text(form.address, "address", "通讯地址", 255),
        "postcode": errors.check(validation.postcode, form.postcode, "postcode"),
        "contact_name": text(form.contact_name, "contactName", "联系人", 32),
        "contact_phone_enc": crypto.encrypt(errors.check(validation.phone, form.contact_phone, "contactPhone")),
        "contact_email": errors.check(validation.email, form.contact_email, "contactEmail"),
        "has_hiring_autonomy": form.has_hiring_autonomy,
        # P4: without hiring autonomy the agreement must name who receives the graduate's file.
        "supervising_authority": text(form.supervising_authority, "supervisingAuthority", "上级主管部门", 128,
                                      required=not form.has_hiring_autonomy),
    }
    login_name = (form.login_name or "").strip().lower()
    if not _LOGIN_NAME.match(login_name):
        errors.add(ErrorCode.INVALID_FORMAT, "loginName", "登录名为 4 至 64 位字母、数字或 _ . @ -，以字母或数字开头")
    errors.check(validation.password_strength, form.password, "password")
    errors.raise_if_any()
    values["uscc"], values["uscc_checksum_failed"] = uscc
    return values, login_name


async def _create(ctx: Context, values: dict) -> Employer:
    employer = await Employer.create(**values)
    await audit.record(acting_as(ctx, Role.EMPLOYER, employer), AuditAction.EMPLOYER_REGISTERED, "employer",
                       employer.id,
                       after=audit.snapshot(employer, _AUDITED))
    return employer


async def _claim(ctx: Context, existing: Employer, values: dict) -> Employer:
    """S3 employers signed by scanning a QR card; registering with their USCC gives them the account."""
    claimed = await Employer.filter(id=existing.id, login_name__isnull=True).update(**values)
    if not claimed:
        raise DomainError(ErrorCode.USCC_TAKEN, field="uscc")
    employer = await Employer.get(id=existing.id)
    await audit.record(acting_as(ctx, Role.EMPLOYER, employer), AuditAction.EMPLOYER_CLAIMED, "employer", employer.id,
                       before=audit.snapshot(existing, _AUDITED), after=audit.snapshot(employer, _AUDITED))
    return employer
