from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.records.archive import ArchiveAddress, update_archive_forwarding
from schema import access, limits, mutation
from schema.errors import Error
from schema.origin.update_origin_record import RegionInput
from schema.people.types import GraduateNode


@strawberry.input(description="档案转寄信息（X1）；每项必填，整体保存")
class UpdateArchiveForwardingInput:
    recipient_unit: str = limits.text(limits.LINE, description="档案接收单位")
    region: RegionInput = strawberry.field(description="接收单位所在地区，须到区县")
    address: str = limits.text(limits.LINE, description="详细地址")
    postcode: str = limits.text(limits.CODE, description="6 位邮政编码")
    recipient: str = limits.text(limits.LINE, description="收件人")
    phone: str = limits.text(limits.CODE, description="收件人联系电话（手机）")


@strawberry.type
class UpdateArchiveForwardingPayload:
    errors: list[Error]
    graduate: GraduateNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生填写或修改档案转寄信息（X1）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_PHONE,
                             ErrorCode.INVALID_POSTCODE, ErrorCode.INVALID_REGION, ErrorCode.REQUIRED,
                             ErrorCode.TOO_LONG])
    async def update_archive_forwarding(self, info: Info,
                                        input: UpdateArchiveForwardingInput) -> UpdateArchiveForwardingPayload:
        given = ArchiveAddress(recipient_unit=input.recipient_unit, region_code=input.region.code,
                               region_name=input.region.name, address=input.address, postcode=input.postcode,
                               recipient=input.recipient, phone=input.phone)

        async def action():
            return {"graduate": GraduateNode.from_row(await update_archive_forwarding(info.context, given))}

        return await mutation.run(info, UpdateArchiveForwardingPayload, action, input=input)
