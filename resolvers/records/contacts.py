"""The graduate's own and family contacts (X1, seed 003 §5 ②), kept by the graduate.

The own contacts are the origin record's (O1: phone, email, QQ) and go through its one update; family contacts
are a list the graduate replaces as a whole, as the mini-program's form sends it. Phones are encrypted (B5).
"""

from __future__ import annotations

from dataclasses import dataclass

from models import FamilyContact, Graduate
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, DomainErrors, ErrorCode, ErrorCollector
from resolvers.national import sync as national_sync
from resolvers.origin.record import OriginChanges, update_origin_record
from resolvers.records.checks import check
from resolvers.viewer import Role
from server import crypto

MAX_FAMILY_CONTACTS = 4


@dataclass(frozen=True)
class FamilyMember:
    name: str
    relation: str
    phone: str


def _validate(members: list[FamilyMember], errors: ErrorCollector) -> list[FamilyMember]:
    if len(members) > MAX_FAMILY_CONTACTS:
        errors.add(ErrorCode.OUT_OF_RANGE, "familyContacts", f"家庭联系人最多 {MAX_FAMILY_CONTACTS} 位")
        return []
    valid = []
    for i, member in enumerate(members):
        who = f"第 {i + 1} 位家庭联系人"
        path = ["familyContacts", str(i)]
        name = check(errors, who, lambda v, f: validation.text(v, f, "姓名", 64), member.name, [*path, "name"])
        relation = check(errors, who, lambda v, f: validation.text(v, f, "与本人关系", 16), member.relation,
                         [*path, "relation"])
        phone = check(errors, f"{who}的联系电话", validation.phone, member.phone, [*path, "phone"])
        if name and relation and phone:
            valid.append(FamilyMember(name, relation, phone))
    return valid


def _shown(members: list[FamilyMember]) -> list[dict]:
    """What the audit log keeps: no phone in clear (B5)."""
    return [{"name": m.name, "relation": m.relation, "phone": crypto.mask_phone(m.phone)} for m in members]


async def update_contacts(ctx: Context, own: OriginChanges, family: list[FamilyMember] | None) -> Graduate:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    errors = ErrorCollector()
    members = _validate(family, errors) if family is not None else None
    graduate = None
    try:
        graduate = await update_origin_record(ctx, own)
    except DomainErrors as e:
        errors.errors[:0] = e.errors
    except DomainError as e:
        errors.errors.insert(0, e)
    errors.raise_if_any()
    if members is not None:
        await _replace_family(ctx, graduate, members)
    return graduate


async def _replace_family(ctx: Context, graduate: Graduate, members: list[FamilyMember]) -> None:
    rows = await FamilyContact.filter(graduate_id=graduate.id).order_by("position")
    before = [FamilyMember(r.name, r.relation, crypto.decrypt(r.phone_enc)) for r in rows]
    if before == members:
        return
    await FamilyContact.filter(graduate_id=graduate.id).delete()
    if members:
        await FamilyContact.bulk_create([
            FamilyContact(graduate_id=graduate.id, position=i, name=m.name, relation=m.relation,
                          phone_enc=crypto.encrypt(m.phone)) for i, m in enumerate(members)])
    await audit.record(ctx, AuditAction.FAMILY_CONTACTS_UPDATED, "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id,
                       before={"family_contacts": _shown(before)}, after={"family_contacts": _shown(members)})
    await national_sync.queue(graduate.id, "contact")
