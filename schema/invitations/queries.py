from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import Department, Graduate, InterviewInvitation, Major, School, SigningInvitation, codes
from pdf import qr
from resolvers import authz
from resolvers.signing import expiry, qr_card
from resolvers.viewer import Role
from schema.common import code_value
from schema.invitations.types import (
    InterviewInvitationNode,
    InterviewState,
    QrCard,
    QrCardGraduate,
    SigningInvitationNode,
    SigningInvitationState,
    SigningMethod,
)
from schema.relay import Connection, decode_id, paginate
from server import clock


@strawberry.input
class InterviewInvitationFilter:
    state: InterviewState | None = None
    position_id: strawberry.ID | None = None


@strawberry.input
class SigningInvitationFilter:
    state: SigningInvitationState | None = None
    method: SigningMethod | None = None


def _filtered(qs, f):
    if f is not None and f.state is not None:
        qs = qs.filter(state=f.state.value)
    if getattr(f, "method", None) is not None:
        qs = qs.filter(method=f.method.value)
    if getattr(f, "position_id", None) is not None:
        qs = qs.filter(position_id=decode_id(f.position_id, "Position", field="positionId"))
    return qs


async def _signing(info: Info, role: Role, f: SigningInvitationFilter | None, first: int | None,
                   after: str | None) -> Connection[SigningInvitationNode]:
    viewer = info.context.viewer
    authz.require_role(viewer, role)
    qs = _filtered(authz.scope_invitations(viewer, SigningInvitation.all()), f)
    # S4 at read time: what the reader sees past its deadline is already expired.
    await expiry.expire_due(clock.now(), **({"graduate_id": viewer.id} if role is Role.GRADUATE
                                             else {"employer_id": viewer.id}))
    return await paginate(qs, SigningInvitationNode, first=first, after=after, newest_first=True)


async def _interviews(info: Info, role: Role, f: InterviewInvitationFilter | None, first: int | None,
                      after: str | None) -> Connection[InterviewInvitationNode]:
    authz.require_role(info.context.viewer, role)
    qs = _filtered(authz.scope_invitations(info.context.viewer, InterviewInvitation.all()), f)
    return await paginate(qs, InterviewInvitationNode, first=first, after=after, newest_first=True)


@strawberry.type
class Query:
    @strawberry.field(description="我收到的面试邀请（毕业生），最新的在前")
    async def my_interview_invitations(self, info: Info, filter: InterviewInvitationFilter | None = None,
                                       first: int | None = None,
                                       after: str | None = None) -> Connection[InterviewInvitationNode]:
        return await _interviews(info, Role.GRADUATE, filter, first, after)

    @strawberry.field(description="本单位发出的面试邀请（用人单位），最新的在前")
    async def interview_invitations(self, info: Info, filter: InterviewInvitationFilter | None = None,
                                    first: int | None = None,
                                    after: str | None = None) -> Connection[InterviewInvitationNode]:
        return await _interviews(info, Role.EMPLOYER, filter, first, after)

    @strawberry.field(description="我收到的签约邀请（毕业生），最新的在前；已签约后其他邀请只读（S5）")
    async def my_signing_invitations(self, info: Info, filter: SigningInvitationFilter | None = None,
                                     first: int | None = None,
                                     after: str | None = None) -> Connection[SigningInvitationNode]:
        return await _signing(info, Role.GRADUATE, filter, first, after)

    @strawberry.field(description="本单位发出的签约邀请（用人单位），最新的在前")
    async def signing_invitations(self, info: Info, filter: SigningInvitationFilter | None = None,
                                  first: int | None = None,
                                  after: str | None = None) -> Connection[SigningInvitationNode]:
        return await _signing(info, Role.EMPLOYER, filter, first, after)

    @strawberry.field(description="我的二维码名片（毕业生，S3）：限时有效，不含身份证号；每次读取生成新的名片")
    async def my_qr_card(self, info: Info) -> QrCard:
        authz.require_role(info.context.viewer, Role.GRADUATE)
        graduate = await info.context.loaders.get(Graduate, info.context.viewer.id)
        token, expires_at = qr_card.issue(graduate)
        return QrCard(token=token, image_data_uri=qr.png_data_uri(token), expires_at=expires_at)

    @strawberry.field(description="扫毕业生二维码名片后看到的毕业生（无需登录，S3）")
    async def qr_card_graduate(self, info: Info, token: str) -> QrCardGraduate:
        graduate, _ = await qr_card.holder(token)
        loaders = info.context.loaders
        school = await loaders.get(School, graduate.school_id)
        department = await loaders.get(Department, graduate.department_id)
        major = await loaders.get(Major, graduate.major_id)
        return QrCardGraduate(masked_name=qr_card.masked_name(graduate.name), school_name=school.name,
                              department_name=department.name, major_name=major.name,
                              education_level=code_value(codes.EDUCATION_LEVEL, graduate.education_level))
