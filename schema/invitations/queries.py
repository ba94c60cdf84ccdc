from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import codes
from resolvers.errors import ErrorCode
from resolvers.signing import qr_card, queries
from resolvers.viewer import Role
from schema import access
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
from schema.relay import Connection, decode_id


@strawberry.input
class InterviewInvitationFilter:
    state: InterviewState | None = None
    position_id: strawberry.ID | None = None


@strawberry.input
class SigningInvitationFilter:
    state: SigningInvitationState | None = None
    method: SigningMethod | None = None


async def _signing(info: Info, role: Role, f: SigningInvitationFilter | None, first: int | None,
                   after: str | None) -> Connection[SigningInvitationNode]:
    f = f or SigningInvitationFilter()
    page = await queries.signing_invitations(
        info.context, role, state=f.state.value if f.state else None, method=f.method.value if f.method else None,
        first=first, after=after)
    return Connection.of(page, SigningInvitationNode)


async def _interviews(info: Info, role: Role, f: InterviewInvitationFilter | None, first: int | None,
                      after: str | None) -> Connection[InterviewInvitationNode]:
    f = f or InterviewInvitationFilter()
    page = await queries.interview_invitations(
        info.context, role, state=f.state.value if f.state else None,
        position_id=decode_id(f.position_id, "Position", field="positionId") if f.position_id else None,
        first=first, after=after)
    return Connection.of(page, InterviewInvitationNode)


@strawberry.type
class Query:
    @access.query("我收到的面试邀请（毕业生），最新的在前", roles=access.GRADUATE,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def my_interview_invitations(self, info: Info, filter: InterviewInvitationFilter | None = None,
                                       first: int | None = None,
                                       after: str | None = None) -> Connection[InterviewInvitationNode]:
        return await _interviews(info, Role.GRADUATE, filter, first, after)

    @access.query("本单位发出的面试邀请（用人单位），最新的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def interview_invitations(self, info: Info, filter: InterviewInvitationFilter | None = None,
                                    first: int | None = None,
                                    after: str | None = None) -> Connection[InterviewInvitationNode]:
        return await _interviews(info, Role.EMPLOYER, filter, first, after)

    @access.query("我收到的签约邀请（毕业生），最新的在前；已签约后其他邀请只读（S5）", roles=access.GRADUATE,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def my_signing_invitations(self, info: Info, filter: SigningInvitationFilter | None = None,
                                     first: int | None = None,
                                     after: str | None = None) -> Connection[SigningInvitationNode]:
        return await _signing(info, Role.GRADUATE, filter, first, after)

    @access.query("本单位发出的签约邀请（用人单位），最新的在前", roles=access.EMPLOYER,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def signing_invitations(self, info: Info, filter: SigningInvitationFilter | None = None,
                                  first: int | None = None,
                                  after: str | None = None) -> Connection[SigningInvitationNode]:
        return await _signing(info, Role.EMPLOYER, filter, first, after)

    @access.query("我的二维码名片（毕业生，S3）：限时有效，不含身份证号；每次读取生成新的名片", roles=access.GRADUATE,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def my_qr_card(self, info: Info) -> QrCard:
        card = await queries.my_qr_card(info.context)
        return QrCard(token=card.token, image_data_uri=card.image_data_uri, expires_at=card.expires_at)

    @access.query("扫毕业生二维码名片后看到的毕业生（无需登录，S3）", roles=access.ANYONE,
                  errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                          ErrorCode.QR_CARD_EXPIRED, ErrorCode.QR_CARD_INVALID, ErrorCode.RATE_LIMITED])
    async def qr_card_graduate(self, info: Info, token: str) -> QrCardGraduate:
        held = await queries.qr_card_holder(info.context, token)
        return QrCardGraduate(masked_name=qr_card.masked_name(held.graduate.name),
                              school_name=held.school.name, department_name=held.department.name,
                              major_name=held.major.name,
                              education_level=code_value(codes.EDUCATION_LEVEL, held.graduate.education_level))
