from __future__ import annotations

import datetime as dt

import strawberry

from models import ArchiveForwarding, FamilyContact, Graduate
from resolvers import authz
from resolvers.viewer import Viewer
from schema.common import Region, region
from server import crypto


def _phone(viewer: Viewer, graduate: Graduate, sealed: str) -> str:
    plain = crypto.decrypt(sealed)
    return plain if authz.sees_personal_data(viewer, graduate) else crypto.mask_phone(plain)


@strawberry.type(description="家庭联系人（X1）")
class FamilyContactInfo:
    name: str
    relation: str = strawberry.field(description="与本人关系，如父亲、母亲")
    phone: str = strawberry.field(description="联系电话；本人与本校老师可见全文，其他人只见掩码")

    @classmethod
    def of(cls, viewer: Viewer, graduate: Graduate, row: FamilyContact) -> FamilyContactInfo:
        return cls(name=row.name, relation=row.relation, phone=_phone(viewer, graduate, row.phone_enc))


@strawberry.type(description="档案转寄信息（X1）：档案接收单位、地址（到区县）、邮编、收件人、电话")
class ArchiveForwardingInfo:
    recipient_unit: str = strawberry.field(description="档案接收单位")
    region: Region = strawberry.field(description="接收单位所在地区（到区县）")
    address: str = strawberry.field(description="详细地址")
    postcode: str
    recipient: str = strawberry.field(description="收件人")
    phone: str = strawberry.field(description="收件人联系电话；本人与本校老师可见全文，其他人只见掩码")
    updated_at: dt.datetime

    @classmethod
    def of(cls, viewer: Viewer, graduate: Graduate, row: ArchiveForwarding) -> ArchiveForwardingInfo:
        return cls(recipient_unit=row.recipient_unit, region=region(row.region_code, row.region_name),
                   address=row.address, postcode=row.postcode, recipient=row.recipient,
                   phone=_phone(viewer, graduate, row.phone_enc), updated_at=row.updated_at)
