"""The employment recommendation form (issue 12 §4) as the graduate and their school's staff see it."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Department, Graduate, RecommendationForm
from resolvers import authz
from resolvers.recommendation_forms.content import FIXABLE, mask_birth_date
from resolvers.states import RECOMMENDATION_FORM
from schema.org.types import DepartmentNode
from schema.people.types import GraduateNode
from schema.relay import ModelNode
from server import crypto

if TYPE_CHECKING:
    from schema.review.types import ReviewNode

RecommendationFormState = strawberry.enum(
    Enum("RecommendationFormState", {s.upper(): s for s in RECOMMENDATION_FORM.states}),
    name="RecommendationFormState",
    description="就业推荐表状态：" + "、".join(f"{k}={v}" for k, v in RECOMMENDATION_FORM.states.items()),
)


@strawberry.type(description="推荐表上学校掌握的信息：创建时并在每次提交时从毕业生的学籍信息复制，毕业生不能修改"
                             "（有误时申请纠错）")
class RecommendationFormRecord:
    name: str
    gender: str
    birth_date: str = strawberry.field(description="出生日期（由身份证号得出），YYYY-MM-DD；"
                                                   "本人与本校老师以外只显示年份（YYYY-**-**）")
    political_status: str
    ethnicity: str
    student_number: str
    school: str
    department: str
    major: str
    education_level: str = strawberry.field(description="学历，如「本科生毕业」")
    graduation_year: int


@strawberry.type(description="退回修改的一项：字段名（UpdateRecommendationFormInput 的字段）与中文名称")
class RecommendationFormFieldToFix:
    name: str
    label: str


@strawberry.type(name="RecommendationForm",
                 description="就业推荐表：每名毕业生一份，由学籍信息与简历预填，本人修改后提交院系、学校审核；"
                             "审核通过后可下载加盖学校就业部门签章栏的 PDF")
class RecommendationFormNode(ModelNode):
    model = RecommendationForm
    id: relay.NodeID[int]
    version: int = strawberry.field(description="版本：审核通过或不予推荐后重新填写即为新的一版")
    email: str
    intention: str = strawberry.field(description="求职意向")
    education: str = strawberry.field(description="教育经历")
    experience: str = strawberry.field(description="实习与工作经历")
    awards: str = strawberry.field(description="获奖情况")
    skills: str = strawberry.field(description="技能与证书")
    self_evaluation: str = strawberry.field(description="自我评价")
    department_comment: str = strawberry.field(description="院系推荐意见（两级审核的学校由院系审核通过时填写）")
    school_comment: str = strawberry.field(description="学校就业部门意见（学校审核通过时填写）")
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @strawberry.field
    def state(self) -> RecommendationFormState:
        return RecommendationFormState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待审核」")
    def state_label(self) -> str:
        return RECOMMENDATION_FORM.states[self._row.state]

    @strawberry.field(description="联系电话：本人与本校老师看到完整号码")
    async def phone(self, info: Info) -> str | None:
        plain = crypto.decrypt(self._row.phone_enc)
        return plain if await self._sees_personal_data(info) else crypto.mask_phone(plain)

    async def _sees_personal_data(self, info: Info) -> bool:
        graduate = await info.context.loaders.get(Graduate, self._row.graduate_id)
        return authz.sees_personal_data(info.context.viewer, graduate)

    @strawberry.field(description="学校掌握的信息（姓名、性别、出生日期、院校、专业、学历等）")
    async def record(self, info: Info) -> RecommendationFormRecord:
        r = self._row.record or {}
        birth = crypto.decrypt(self._row.birth_date_enc) or ""
        return RecommendationFormRecord(
            name=r.get("name", ""), gender=r.get("gender", ""),
            birth_date=birth if await self._sees_personal_data(info) else mask_birth_date(birth),
            political_status=r.get("politicalStatus", ""), ethnicity=r.get("ethnicity", ""),
            student_number=r.get("studentNumber", ""), school=r.get("school", ""),
            department=r.get("department", ""), major=r.get("major", ""),
            education_level=r.get("educationLevel", ""), graduation_year=int(r.get("graduationYear") or 0))

    @strawberry.field(description="退回修改时要求修改的项目")
    def fields_to_fix(self) -> list[RecommendationFormFieldToFix]:
        return [RecommendationFormFieldToFix(name=n, label=FIXABLE.get(n, n)) for n in self._row.returned_fields or []]

    @strawberry.field(description="是否可下载 PDF（审核通过后）")
    def downloadable(self) -> bool:
        return self._row.state == "approved"

    @strawberry.field
    async def graduate(self, info: Info) -> GraduateNode:
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def department(self, info: Info) -> DepartmentNode:
        return DepartmentNode.from_row(await info.context.loaders.get(Department, self._row.department_id))

    @strawberry.field(description="各轮审核，先后排列")
    async def reviews(self, info: Info) -> list[Annotated[ReviewNode, strawberry.lazy("schema.review.types")]]:
        from schema.review.types import reviews_of

        return await reviews_of(info, "recommendation_form", self._row.id)


@strawberry.input(description="就业推荐表筛选条件")
class RecommendationFormFilter:
    state: RecommendationFormState | None = None
    department_id: strawberry.ID | None = None
