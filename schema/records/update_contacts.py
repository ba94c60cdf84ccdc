from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.origin.record import OriginChanges
from resolvers.records.contacts import MAX_FAMILY_CONTACTS, FamilyMember, update_contacts
from schema import access, limits, mutation
from schema.errors import Error
from schema.people.types import GraduateNode


@strawberry.input(description="一位家庭联系人")
class FamilyContactInput:
    name: str = limits.text(limits.LINE, description="姓名")
    relation: str = limits.text(limits.CODE, description="与本人关系，如父亲、母亲")
    phone: str = limits.text(limits.CODE, description="联系电话（手机）")


@strawberry.input(description="本人及家庭联系方式（X1）；只修改给出的部分")
class UpdateContactsInput:
    phone: str | None = limits.text(limits.CODE, default=strawberry.UNSET, description="本人联系电话，必填，不能清空")
    email: str | None = limits.text(limits.LINE, default=strawberry.UNSET)
    qq: str | None = limits.text(limits.CODE, default=strawberry.UNSET)
    family_contacts: list[FamilyContactInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"家庭联系人，整体替换，最多 {MAX_FAMILY_CONTACTS} 位；给出空列表即清空，不给出则不变")


@strawberry.type
class UpdateContactsPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


def _given(value):
    """Left out: None; sent as null: "" (a clearing)."""
    return None if value is strawberry.UNSET else (value if value is not None else "")


@strawberry.type
class Mutation:
    @access.mutation("毕业生修改本人及家庭联系方式（X1）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_EMAIL, ErrorCode.INVALID_FORMAT,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_PHONE, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.REQUIRED, ErrorCode.TOO_LONG])
    async def update_contacts(self, info: Info, input: UpdateContactsInput) -> UpdateContactsPayload:
        own = OriginChanges(phone=_given(input.phone), email=_given(input.email), qq=_given(input.qq))
        family = input.family_contacts
        members = None if family is strawberry.UNSET else [
            FamilyMember(c.name, c.relation, c.phone) for c in (family or [])]

        async def action():
            return {"graduate": GraduateNode.from_row(await update_contacts(info.context, own, members))}

        return await mutation.run(info, UpdateContactsPayload, action, input=input)
