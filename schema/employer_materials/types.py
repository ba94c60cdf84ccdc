"""Employers' qualification materials as GraphQL shows them (issue 12 §5)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry.types import Info

from models import Employer
from resolvers.employer_materials import rules
from resolvers.employer_materials.view import MaterialsView, materials_after_change, materials_of
from schema.common import StoredFileInfo, stored_file_info

EmployerMaterialKind = strawberry.enum(
    Enum("EmployerMaterialKind", {k.upper(): k for k in rules.KINDS}),
    name="EmployerMaterialKind",
    description="资质材料种类：" + "、".join(f"{k}={v}" for k, v in rules.KINDS.items()),
)


@strawberry.type(description="一份资质材料")
class EmployerMaterial:
    kind: EmployerMaterialKind
    kind_label: str
    file: StoredFileInfo = strawberry.field(description="文件及限时查看链接")
    uploaded_at: dt.datetime | None = strawberry.field(description="上传时间；扫码签约时上传的证照为 null")
    from_qr_card: bool = strawberry.field(
        description="是否为扫码签约（S3）时上传的统一社会信用代码证，作为营业执照")


@strawberry.type(description="本校对单位资质材料的核验标记")
class EmployerMaterialsCheck:
    checked_by_name: str = strawberry.field(description="标记的老师姓名")
    checked_at: dt.datetime


@strawberry.type(description="用人单位资质材料：营业执照，联系人不是法定代表人时另需授权委托书（R1，issue 12 §5）；"
                             "仅单位本身及审核其签约的学校、院系老师可见")
class EmployerMaterials:
    materials_version: int = strawberry.field(
        description="材料版本：每次上传、替换、删除或更改法定代表人加一；标记已核验时须提交所看到的版本")
    legal_representative: str = strawberry.field(description="单位填写的法定代表人姓名；未填写时为空")
    contact_name: str = strawberry.field(description="单位联系人")
    authorisation_letter_required: bool = strawberry.field(
        description="是否需要授权委托书：联系人不是所填的法定代表人（或未填写法定代表人）时需要；扫码签约的单位不需要")
    materials: list[EmployerMaterial]
    missing: list[EmployerMaterialKind] = strawberry.field(description="尚缺的材料")
    complete: bool = strawberry.field(description="材料是否齐全")
    checked_by_my_school: EmployerMaterialsCheck | None = strawberry.field(
        description="本校老师对当前版本材料的核验标记；未核验或材料已更改时为 null；单位本身看到的总是 null")


def to_graphql(view: MaterialsView | None) -> EmployerMaterials | None:
    if view is None:
        return None
    check = view.school_check
    return EmployerMaterials(
        materials_version=view.employer.materials_version, legal_representative=view.legal_representative,
        contact_name=view.employer.contact_name, authorisation_letter_required=view.letter_required,
        materials=[EmployerMaterial(kind=EmployerMaterialKind(m.kind), kind_label=rules.KINDS[m.kind],
                                    file=stored_file_info(m.file), uploaded_at=m.uploaded_at,
                                    from_qr_card=m.from_qr_card) for m in view.materials],
        missing=[EmployerMaterialKind(k) for k in view.missing], complete=view.complete,
        checked_by_my_school=EmployerMaterialsCheck(checked_by_name=check.checked_by_name,
                                                    checked_at=check.checked_at) if check else None)


async def resolve(info: Info, employer: Employer | None) -> EmployerMaterials | None:
    return to_graphql(await materials_of(info.context, employer))


async def resolve_after_change(info: Info, employer_id: int) -> EmployerMaterials | None:
    return to_graphql(await materials_after_change(info.context, employer_id))
