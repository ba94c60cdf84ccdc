from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from models import Agreement, Department, Employer, Graduate, School, codes
from pdf.agreements import PRINTABLE
from resolvers import authz, file_access
from resolvers.review.settle_agreement import REJECTION_NOTICE
from resolvers.signing import agreement_terms
from resolvers.states import AGREEMENT, OFFLINE_AGREEMENT, agreement_workflow
from schema.common import CodeValue, Region, StoredFileInfo, code_value, region, stored_file_info
from schema.employer_materials import types as employer_materials
from schema.employer_materials.types import EmployerMaterials
from schema.org.types import DepartmentNode, SchoolNode
from schema.people.types import EmployerNode, GraduateNode
from schema.relay import ModelNode

if TYPE_CHECKING:
    from schema.invitations.types import SigningInvitationNode
    from schema.review.types import ReviewNode

_STATES = {**OFFLINE_AGREEMENT.states, **AGREEMENT.states}
AgreementState = strawberry.enum(
    Enum("AgreementState", {s.upper(): s for s in _STATES}),
    name="AgreementState",
    description="协议状态：" + "、".join(f"{k}={v}" for k, v in AGREEMENT.states.items())
    + "；线下签约与纸质协议（F1、F2）另有：" + "、".join(
        f"{k}={v}" for k, v in OFFLINE_AGREEMENT.states.items() if k not in AGREEMENT.states)
    + "（terminated 为已作废）",
)
AgreementMethod = strawberry.enum(
    Enum("AgreementMethod", {"ONLINE": "online", "OFFLINE": "offline", "PAPER": "paper"}),
    name="AgreementMethod",
    description="签约方式：online=网上签约（邀请）、offline=线下签约（毕业生在线填写，单位盖章回传，F1）、"
                "paper=已签纸质协议登记（F2）",
)


@strawberry.type(name="AgreementPartyB", description="协议中的用人单位（乙方）信息，以签约或填写时固定的条款为准；"
                                                      "线下签约或纸质协议的单位可能未在平台注册（R1）")
class AgreementPartyB:
    name: str
    uscc: str
    location: Region | None
    nature: CodeValue | None
    industry: CodeValue | None


def party_b(terms: dict) -> AgreementPartyB:
    b = (terms or {}).get("partyB") or {}
    location, nature, industry = b.get("location") or {}, b.get("nature") or {}, b.get("industry") or {}
    return AgreementPartyB(name=b.get("name") or "", uscc=b.get("uscc") or "",
                           location=region(location.get("code"), location.get("name")),
                           nature=code_value(codes.EMPLOYER_NATURE, nature.get("code")),
                           industry=code_value(codes.INDUSTRY, industry.get("code")))


@strawberry.type(name="Agreement", description="就业协议书")
class AgreementNode(ModelNode):
    model = Agreement
    id: relay.NodeID[int]
    number: str
    signed_at: dt.datetime
    approved_at: dt.datetime | None
    voided_at: dt.datetime | None
    print_count: int
    last_printed_at: dt.datetime | None
    version: int = strawberry.field(description="协议书版本：更正重新提交、解约、作废时加 1；纸质协议书的防伪二维码"
                                                "注明其版本，扫码可知是否已被新版本取代（P3）")

    @strawberry.field
    def state(self) -> AgreementState:
        return AgreementState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「签约成功，待学校审核」「协议审核待提交（老师退回）」")
    def state_label(self) -> str:
        return agreement_workflow(self._row.method).states[self._row.state]

    @strawberry.field
    def method(self) -> AgreementMethod:
        return AgreementMethod(self._row.method)

    @strawberry.field(description="用人单位（乙方）：名称、统一社会信用代码、所在地、性质、行业，取自协议条款")
    def party_b(self) -> AgreementPartyB:
        return party_b(self._row.terms)

    @strawberry.field(description="用人单位盖章的协议书图像（线下签约、纸质协议，F1、F2）；未回传时为 null")
    async def stamped_file(self, info: Info) -> StoredFileInfo | None:
        return stored_file_info(await file_access.stamped_file(info.context, self._row))

    @strawberry.field(description="签约时固定的协议条款与双方信息；毕业生电话仅本人与本校老师可见全文（B5），"
                                  "不含任何加密字段")
    async def terms(self, info: Info) -> JSON:
        viewer = info.context.viewer
        graduate = await info.context.loaders.get(Graduate, self._row.graduate_id)
        personal = authz.sees_personal_data(viewer, graduate)
        return agreement_terms.for_reader(self._row.terms, sees_graduate_phone=personal,
                                          sees_employer_phone=personal or authz.owns_employer_row(viewer, self._row))

    @strawberry.field(description="学校审核不通过时给双方的说明：审核只判断信息是否正确，"
                                  "不解除双方约定、不免除违约责任（S10）")
    def rejection_notice(self) -> str | None:
        return REJECTION_NOTICE if self._row.state == "rejected" else None

    @strawberry.field(description="退回修改时学校指明需要修改的项目")
    def returned_fields(self) -> list[str]:
        return list(self._row.returned_fields or [])

    @strawberry.field(description="审核通过后方可打印（S8、S10）；线下签约的协议信息审核通过后即可打印，交单位盖章（F1）")
    def printable(self) -> bool:
        return self._row.state in PRINTABLE

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field(description="平台上登记的用人单位；线下签约或纸质协议的单位未注册时为 null，见 partyB")
    async def employer(self, info: Info) -> EmployerNode | None:
        if self._row.employer_id is None:
            return None
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

    @strawberry.field(description="用人单位的资质材料，审核时对照查看（issue 12 §5）；"
                                  "仅单位本身及审核其签约的老师可见，单位未在平台登记时为 null")
    async def employer_materials(self, info: Info) -> EmployerMaterials | None:
        employer = await info.context.loaders.get(Employer, self._row.employer_id)
        return await employer_materials.resolve(info, employer)

    @strawberry.field
    async def school(self, info: Info) -> SchoolNode:
        return SchoolNode.from_row(await info.context.loaders.get(School, self._row.school_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field(description="审核记录，每轮一条：院系初审、学校终审意见，退回修改的原因与项目（R3）")
    async def reviews(
        self, info: Info
    ) -> list[Annotated[ReviewNode, strawberry.lazy("schema.review.types")]]:
        from schema.review.types import reviews_of

        return await reviews_of(info, "agreement", self._row.id)

    @strawberry.field(description="签约邀请：签约方式、应约截止时间、邀请时的条款；线下签约与纸质协议没有邀请，为 null")
    async def invitation(
        self, info: Info
    ) -> Annotated[SigningInvitationNode, strawberry.lazy("schema.invitations.types")] | None:
        from models import SigningInvitation
        from schema.invitations.types import SigningInvitationNode

        if self._row.invitation_id is None:
            return None
        return SigningInvitationNode.from_row(await info.context.loaders.get(SigningInvitation,
                                                                               self._row.invitation_id))
