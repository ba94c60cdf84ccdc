from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from models import ArchiveForwarding, Department, Employer, FamilyContact, Graduate, Major, School, Staff, codes
from resolvers import authz, file_access
from resolvers.origin.correctable import EDITABLE
from schema.common import CodeValue, Region, StoredFileInfo, code_value, region, stored_file_info
from schema.org.types import DepartmentNode, MajorNode, SchoolNode
from schema.people.records import ArchiveForwardingInfo, FamilyContactInfo
from schema.relay import ModelNode
from server import crypto


@strawberry.type(name="Graduate", description="毕业生（每人每届每学历一条记录）")
class GraduateNode(ModelNode):
    model = Graduate
    id: relay.NodeID[int]
    name: str
    student_number: str
    graduation_year: int
    class_name: str | None
    length_of_schooling: int | None
    home_address: str | None
    email: str | None
    qq: str | None
    origin_confirmed_at: dt.datetime | None
    destination_locked: bool

    @strawberry.field(description="身份证号码；本人与本校老师可见全文，其他人只见掩码")
    def id_number(self, info: Info) -> str:
        plain = crypto.decrypt(self._row.id_number_enc)
        return plain if authz.sees_personal_data(info.context.viewer, self._row) else crypto.mask_id_number(plain)

    @strawberry.field(description="本人联系电话；本人与本校老师可见全文，其他人只见掩码")
    def phone(self, info: Info) -> str | None:
        plain = crypto.decrypt(self._row.phone_enc)
        return plain if authz.sees_personal_data(info.context.viewer, self._row) else crypto.mask_phone(plain)

    @strawberry.field
    def gender(self) -> CodeValue | None:
        return code_value(codes.GENDER, self._row.gender)

    @strawberry.field
    def education_level(self) -> CodeValue | None:
        return code_value(codes.EDUCATION_LEVEL, self._row.education_level)

    @strawberry.field
    def training_mode(self) -> CodeValue | None:
        return code_value(codes.TRAINING_MODE, self._row.training_mode)

    @strawberry.field
    def political_status(self) -> CodeValue | None:
        return code_value(codes.POLITICAL_STATUS, self._row.political_status)

    @strawberry.field
    def ethnicity(self) -> CodeValue | None:
        return code_value(codes.ETHNICITY, self._row.ethnicity)

    @strawberry.field(description="毕业去向")
    def destination_type(self) -> CodeValue | None:
        return code_value(codes.DESTINATION_TYPE, self._row.destination_type)

    @strawberry.field(description="生源所在地（到区县）")
    def origin_region(self) -> Region | None:
        return region(self._row.origin_region_code, self._row.origin_region_name)

    @strawberry.field(description="是否已绑定微信")
    def is_bound(self) -> bool:
        return self._row.openid is not None

    @strawberry.field(description="毕业生本人可修改的字段；其余字段须提交纠错申请（O1、O2）")
    def editable_fields(self) -> list[str]:
        return [to_camel_case(field) for field in EDITABLE]

    @strawberry.field(description="家庭联系人（X1），按本人填写的顺序；仅本人与本范围的学校老师可见，其他人为 null")
    async def family_contacts(self, info: Info) -> list[FamilyContactInfo] | None:
        viewer = info.context.viewer
        if not authz.can_view_graduate_records(viewer, self._row):
            return None
        rows = await info.context.loaders.many_by(FamilyContact, "graduate_id", "position").load(self._row.id)
        return [FamilyContactInfo.of(viewer, self._row, row) for row in rows]

    @strawberry.field(description="档案转寄信息（X1）；未填写或无权查看（仅本人与本范围的学校老师可见）时为 null")
    async def archive_forwarding(self, info: Info) -> ArchiveForwardingInfo | None:
        viewer = info.context.viewer
        if not authz.can_view_graduate_records(viewer, self._row):
            return None
        rows = await info.context.loaders.many_by(ArchiveForwarding, "graduate_id").load(self._row.id)
        return ArchiveForwardingInfo.of(viewer, self._row, rows[0]) if rows else None

    @strawberry.field
    async def school(self, info: Info) -> SchoolNode:
        return SchoolNode.from_row(await info.context.loaders.get(School, self._row.school_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field
    async def major(self, info: Info) -> MajorNode:
        return MajorNode.from_row(await info.context.loaders.get(Major, self._row.major_id))


@strawberry.type(name="Employer", description="用人单位")
class EmployerNode(ModelNode):
    model = Employer
    id: relay.NodeID[int]
    name: str
    uscc: str
    location_name: str
    address: str
    postcode: str
    has_hiring_autonomy: bool
    supervising_authority: str
    _contact_visible: strawberry.Private[bool | None] = None

    async def _sees_contact(self, info: Info) -> bool:
        if self._contact_visible is None:
            self._contact_visible = await authz.sees_employer_contact(info.context.viewer, self._row)
        return self._contact_visible

    @strawberry.field(
        description="联系人；仅单位本身、收到其邀请的毕业生、其协议或邀请所在学校（省）的工作人员可见，其他人为 null")
    async def contact_name(self, info: Info) -> str | None:
        return self._row.contact_name if await self._sees_contact(info) else None

    @strawberry.field(description="联系邮箱；可见范围同 contactName")
    async def contact_email(self, info: Info) -> str | None:
        return self._row.contact_email if await self._sees_contact(info) else None

    @strawberry.field(description="统一社会信用代码校验位未通过（仅提示，不拒绝）")
    def uscc_checksum_failed(self) -> bool:
        return self._row.uscc_checksum_failed

    @strawberry.field
    def nature(self) -> CodeValue | None:
        return code_value(codes.EMPLOYER_NATURE, self._row.nature)

    @strawberry.field
    def industry(self) -> CodeValue | None:
        return code_value(codes.INDUSTRY, self._row.industry)

    @strawberry.field
    def location(self) -> Region | None:
        return region(self._row.location_code, self._row.location_name)

    @strawberry.field(description="是否已注册账号（扫码签约的单位没有账号）")
    def has_account(self) -> bool:
        return self._row.login_name is not None

    @strawberry.field(description="营业执照（统一社会信用代码证）图片；仅单位本身及审核其签约的学校、院系老师可见，"
                                  "其他人为 null")
    async def license_file(self, info: Info) -> StoredFileInfo | None:
        return stored_file_info(await file_access.license_file(info.context, self._row))


@strawberry.type(name="Staff", description="学校、院系或省厅工作人员")
class StaffNode(ModelNode):
    model = Staff
    id: relay.NodeID[int]
    username: str
    name: str
    role: str
    is_active: bool = strawberry.field(description="账号是否启用；停用的账号不能登录")

    @strawberry.field
    async def school(self, info: Info) -> SchoolNode | None:
        row = await info.context.loaders.get(School, self._row.school_id)
        return SchoolNode.from_row(row) if row else None

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode | None:
        row = await info.context.loaders.get(Department, self._row.department_id)
        return DepartmentNode.from_row(row) if row else None
