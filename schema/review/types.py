"""Review rows of the reviewers' queues (R1) and their recorded decisions (R3)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import (
    Agreement,
    Department,
    Destination,
    Employer,
    EmployerMaterial,
    Graduate,
    RecommendationForm,
    Review,
    ReviewDecision,
    Staff,
    Termination,
)
from resolvers.states import REVIEW
from schema.agreements.types import AgreementNode
from schema.employer_materials import types as employer_materials
from schema.employer_materials.types import EmployerMaterials
from schema.org.types import DepartmentNode
from schema.people.types import EmployerNode, GraduateNode
from schema.relay import ModelNode

if TYPE_CHECKING:
    from schema.destinations.types import DestinationNode
    from schema.recommendation_forms.types import RecommendationFormNode
    from schema.termination.types import TerminationNode

ReviewState = strawberry.enum(
    Enum("ReviewState", {s.upper(): s for s in REVIEW.states}),
    name="ReviewState",
    description="审核状态：" + "、".join(f"{k}={v}" for k, v in REVIEW.states.items()),
)
ReviewSubjectType = strawberry.enum(
    Enum("ReviewSubjectType", {"AGREEMENT": "agreement", "TERMINATION": "termination", "DESTINATION": "destination",
                               "RECOMMENDATION_FORM": "recommendation_form"}),
    name="ReviewSubjectType", description="审核对象：网签协议、解约申请、去向登记、就业推荐表",
)
ReviewDecisionKind = strawberry.enum(
    Enum("ReviewDecisionKind", {"APPROVE": "approve", "RETURN": "return", "REJECT": "reject"}),
    name="ReviewDecisionKind", description="审核意见：通过（同意解约）、退回修改、不通过（不同意解约）",
)
ReviewLevel = strawberry.enum(
    Enum("ReviewLevel", {"DEPARTMENT": "department", "SCHOOL": "school"}),
    name="ReviewLevel", description="审核级别：院系初审、学校终审",
)


@strawberry.type(name="ReviewDecision", description="一条审核意见：谁、哪一级、何时、什么意见、为什么（R3）")
class ReviewDecisionType:
    level: ReviewLevel
    decision: ReviewDecisionKind
    reason: str
    fields_to_fix: list[str]
    reviewer_name: str
    decided_at: dt.datetime


@strawberry.type(name="Review", description="一轮审核：网签协议或解约申请；退回修改后重新提交开启新的一轮")
class ReviewNode(ModelNode):
    model = Review
    id: relay.NodeID[int]
    round: int
    submitted_at: dt.datetime = strawberry.field(description="申请时间")
    decided_at: dt.datetime | None

    @strawberry.field
    def subject_type(self) -> ReviewSubjectType:
        return ReviewSubjectType(self._row.subject_type)

    @strawberry.field
    def state(self) -> ReviewState:
        return ReviewState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待院系初审」")
    def state_label(self) -> str:
        return REVIEW.states[self._row.state]

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode | None:
        row = await info.context.loaders.get(Employer, self._row.employer_id)
        return EmployerNode.from_row(row) if row else None

    @strawberry.field(description="是否已上传材料：用人单位的资质证明（营业执照图片），或线下签约、纸质协议的盖章协议书")
    async def materials_uploaded(self, info: Info) -> bool:
        row = await info.context.loaders.get(Employer, self._row.employer_id)
        if row is not None and row.license_file_id is not None:
            return True
        if row is not None and await info.context.loaders.many_by(EmployerMaterial, "employer_id").load(row.id):
            return True
        if self._row.subject_type != "agreement":
            return False
        agreement = await info.context.loaders.get(Agreement, self._row.subject_id)
        return agreement is not None and agreement.stamped_file_id is not None

    @strawberry.field(description="用人单位的资质材料（营业执照、授权委托书）、是否齐全、本校是否已核验"
                                  "（issue 12 §5）；去向登记或单位未在平台登记时为 null")
    async def employer_materials(self, info: Info) -> EmployerMaterials | None:
        employer = await info.context.loaders.get(Employer, self._row.employer_id)
        return await employer_materials.resolve(info, employer)

    @strawberry.field(description="审核的网签协议（解约申请时为被解除的协议；去向登记、就业推荐表时为 null）")
    async def agreement(self, info: Info) -> AgreementNode | None:
        if self._row.subject_type not in ("agreement", "termination"):
            return None
        if self._row.subject_type == "agreement":
            agreement_id = self._row.subject_id
        else:
            termination = await info.context.loaders.get(Termination, self._row.subject_id)
            agreement_id = termination.agreement_id
        return AgreementNode.from_row(await info.context.loaders.get(Agreement, agreement_id))

    @strawberry.field(description="审核的解约申请；审核网签协议时为 null")
    async def termination(
        self, info: Info
    ) -> Annotated[TerminationNode, strawberry.lazy("schema.termination.types")] | None:
        from schema.termination.types import TerminationNode

        if self._row.subject_type != "termination":
            return None
        return TerminationNode.from_row(await info.context.loaders.get(Termination, self._row.subject_id))

    @strawberry.field(description="审核的去向登记；其他审核对象时为 null")
    async def destination(
        self, info: Info
    ) -> Annotated[DestinationNode, strawberry.lazy("schema.destinations.types")] | None:
        from schema.destinations.types import DestinationNode

        if self._row.subject_type != "destination":
            return None
        return DestinationNode.from_row(await info.context.loaders.get(Destination, self._row.subject_id))

    @strawberry.field(description="审核的就业推荐表；其他审核对象时为 null")
    async def recommendation_form(
        self, info: Info
    ) -> Annotated[RecommendationFormNode, strawberry.lazy("schema.recommendation_forms.types")] | None:
        from schema.recommendation_forms.types import RecommendationFormNode

        if self._row.subject_type != "recommendation_form":
            return None
        return RecommendationFormNode.from_row(
            await info.context.loaders.get(RecommendationForm, self._row.subject_id))

    @strawberry.field(description="本轮已有的审核意见，先后排列")
    async def decisions(self, info: Info) -> list[ReviewDecisionType]:
        rows = await info.context.loaders.many_by(ReviewDecision, "review_id").load(self._row.id)
        staff = await info.context.loaders.by_id(Staff).load_many([r.staff_id for r in rows])
        return [
            ReviewDecisionType(level=ReviewLevel(r.level), decision=ReviewDecisionKind(r.decision), reason=r.reason,
                               fields_to_fix=list(r.fields_to_fix or []), reviewer_name=s.name if s else "",
                               decided_at=r.created_at)
            for r, s in zip(rows, staff, strict=True)
        ]


async def reviews_of(info: Info, subject_type: str, subject_id: int) -> list[ReviewNode]:
    """The rounds of one subject, oldest first, through one loader shared by the whole page."""
    rows = await info.context.loaders.many_by(Review, "subject_id", order_by="round").load(subject_id)
    return [ReviewNode.from_row(r) for r in rows if r.subject_type == subject_type]
