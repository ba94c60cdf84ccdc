from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from models import Agreement, Department, Employer, Graduate, School
from resolvers import authz
from resolvers.review.settle_agreement import REJECTION_NOTICE
from resolvers.signing import agreement_terms
from resolvers.states import AGREEMENT
from schema.org.types import DepartmentNode, SchoolNode
from schema.people.types import EmployerNode, GraduateNode
from schema.relay import ModelNode

if TYPE_CHECKING:
    from schema.invitations.types import SigningInvitationNode
    from schema.review.types import ReviewNode

AgreementState = strawberry.enum(
    Enum("AgreementState", {s.upper(): s for s in AGREEMENT.states}),
    name="AgreementState",
    description="协议状态：" + "、".join(f"{k}={v}" for k, v in AGREEMENT.states.items()),
)


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

    @strawberry.field(description="状态的中文名称，如「签约成功，待学校审核」")
    def state_label(self) -> str:
        return AGREEMENT.states[self._row.state]

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

    @strawberry.field(description="审核通过后方可打印（S8、S10）")
    def printable(self) -> bool:
        return self._row.state == "approved"

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

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

    @strawberry.field(description="签约邀请：签约方式、应约截止时间、邀请时的条款")
    async def invitation(
        self, info: Info
    ) -> Annotated[SigningInvitationNode, strawberry.lazy("schema.invitations.types")]:
        from models import SigningInvitation
        from schema.invitations.types import SigningInvitationNode

        return SigningInvitationNode.from_row(await info.context.loaders.get(SigningInvitation,
                                                                               self._row.invitation_id))
