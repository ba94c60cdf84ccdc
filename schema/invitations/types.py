"""Interview invitations, signing invitations, their terms and the QR card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import (
    Agreement,
    Application,
    Employer,
    Graduate,
    InterviewInvitation,
    Position,
    SigningInvitation,
)
from resolvers import authz
from resolvers.signing import acceptance, expiry
from resolvers.states import INTERVIEW, SIGNING_INVITATION
from schema.agreements.types import AgreementNode
from schema.common import CodeValue, Region, region
from schema.people.types import EmployerNode, GraduateNode
from schema.positions.types import ApplicationNode, PositionNode
from schema.relay import ModelNode
from server import clock, crypto

InterviewState = strawberry.enum(
    Enum("InterviewState", {s.upper(): s for s in INTERVIEW.states}),
    name="InterviewState",
    description="面试邀请状态：" + "、".join(f"{k}={v}" for k, v in INTERVIEW.states.items()),
)

SigningInvitationState = strawberry.enum(
    Enum("SigningInvitationState", {s.upper(): s for s in SIGNING_INVITATION.states}),
    name="SigningInvitationState",
    description="签约邀请状态：" + "、".join(f"{k}={v}" for k, v in SIGNING_INVITATION.states.items()),
)


@strawberry.enum(name="SigningMethod", description="签约方式：interview=面试后邀约（S1）、direct=单位直接邀约（S2）、"
                 "qr_card=扫毕业生二维码名片邀约（S3）")
class SigningMethod(Enum):
    INTERVIEW = "interview"
    DIRECT = "direct"
    QR_CARD = "qr_card"


@strawberry.type(name="InterviewInvitation", description="面试邀请（S1）")
class InterviewInvitationNode(ModelNode):
    model = InterviewInvitation
    id: relay.NodeID[int]
    scheduled_at: dt.datetime
    place: str
    link: str
    note: str
    result_note: str
    answered_at: dt.datetime | None
    created_at: dt.datetime

    @strawberry.field
    def state(self) -> InterviewState:
        return InterviewState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待答复」")
    def state_label(self) -> str:
        return INTERVIEW.states[self._row.state]

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

    @strawberry.field(description="受邀毕业生；身份证号与电话对用人单位只显示掩码；未登录的扫码单位不可见")
    async def graduate(self, info: Info) -> GraduateNode | None:
        if not authz.sees_invitation_graduate(info.context.viewer, self._row):
            return None
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field
    async def position(self, info: Info) -> PositionNode:
        return PositionNode.from_row(await info.context.loaders.get(Position, self._row.position_id))

    @strawberry.field
    async def application(self, info: Info) -> ApplicationNode | None:
        row = await info.context.loaders.get(Application, self._row.application_id)
        return ApplicationNode.from_row(row) if row else None


@strawberry.type(name="SigningTerms", description="签约邀请携带的协议条款（协议书第二、五条等，P4）")
class SigningTerms:
    position_title: str
    job_category: str
    work_location: Region | None
    monthly_salary: int | None = strawberry.field(description="月薪（元）")
    probation_months: int | None = strawberry.field(description="试用期（月，0-6）")
    contract_years: int | None = strawberry.field(description="劳动合同期限（年）")
    report_date: dt.date | None = strawberry.field(description="报到日期")
    breach_terms: str = strawberry.field(description="违约约定")
    other_terms: str
    supervising_authority: str = strawberry.field(description="上级主管部门（档案接收部门）")
    contact_name: str = strawberry.field(description="单位联系人")
    contact_phone: str | None = strawberry.field(description="单位联系电话")


@strawberry.type(name="SigningInvitation", description="签约邀请（S1-S7）")
class SigningInvitationNode(ModelNode):
    model = SigningInvitation
    id: relay.NodeID[int]
    deadline: dt.datetime = strawberry.field(description="应约截止时间（S4）")
    answered_at: dt.datetime | None
    decline_reason: str
    created_at: dt.datetime

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        # S4 at read time: an invitation past its deadline is expired before anyone reads it.
        ids = [int(i) for i in node_ids if str(i).isdigit()]
        if ids:
            await expiry.expire_due(clock.now(), id__in=ids)
        return await super().resolve_nodes(info=info, node_ids=node_ids, required=required)

    @strawberry.field
    def method(self) -> SigningMethod:
        return SigningMethod(self._row.method)

    @strawberry.field
    def state(self) -> SigningInvitationState:
        return SigningInvitationState(self._row.state)

    @strawberry.field(description="状态的中文名称，如「待答复」")
    def state_label(self) -> str:
        return SIGNING_INVITATION.states[self._row.state]

    @strawberry.field(description="签约确认的截止时间：确认开启后 60 秒内须再次确认（S7）；未开启时为空")
    def confirmation_expires_at(self) -> dt.datetime | None:
        return acceptance.confirmation_expires_at(self._row) if self._row.state == "pending" else None

    @strawberry.field
    def terms(self) -> SigningTerms:
        r = self._row
        return SigningTerms(
            position_title=r.position_title, job_category=r.job_category,
            work_location=region(r.work_location_code, r.work_location_name), monthly_salary=r.monthly_salary,
            probation_months=r.probation_months, contract_years=r.contract_years, report_date=r.report_date,
            breach_terms=r.breach_terms, other_terms=r.other_terms, supervising_authority=r.supervising_authority,
            contact_name=r.contact_name, contact_phone=crypto.decrypt(r.contact_phone_enc))

    @strawberry.field
    async def employer(self, info: Info) -> EmployerNode:
        return EmployerNode.from_row(await info.context.loaders.get(Employer, self._row.employer_id))

    @strawberry.field(description="受邀毕业生；身份证号与电话对用人单位只显示掩码；未登录的扫码单位不可见")
    async def graduate(self, info: Info) -> GraduateNode | None:
        if not authz.sees_invitation_graduate(info.context.viewer, self._row):
            return None
        return GraduateNode.from_row(await info.context.loaders.get(Graduate, self._row.graduate_id))

    @strawberry.field(description="职位；扫码签约的单位没有发布职位时为空")
    async def position(self, info: Info) -> PositionNode | None:
        row = await info.context.loaders.get(Position, self._row.position_id)
        return PositionNode.from_row(row) if row else None

    @strawberry.field(description="面试后邀约时的面试邀请")
    async def interview(self, info: Info) -> InterviewInvitationNode | None:
        row = await info.context.loaders.get(InterviewInvitation, self._row.interview_id)
        return InterviewInvitationNode.from_row(row) if row else None

    @strawberry.field(description="接受邀请后生成的就业协议书")
    async def agreement(self, info: Info) -> AgreementNode | None:
        rows = await info.context.loaders.many_by(Agreement, "invitation_id").load(self._row.id)
        return AgreementNode.from_row(rows[0]) if rows else None


@strawberry.type(description="毕业生的二维码名片（S3）：有效期内出示给用人单位扫码，不含身份证号")
class QrCard:
    token: str
    image_data_uri: str = strawberry.field(description="二维码 PNG 图片（data URI）")
    expires_at: dt.datetime


@strawberry.type(description="扫码看到的毕业生：姓名掩码、学校、院系、专业、学历，别无其他")
class QrCardGraduate:
    masked_name: str
    school_name: str
    department_name: str
    major_name: str
    education_level: CodeValue | None

