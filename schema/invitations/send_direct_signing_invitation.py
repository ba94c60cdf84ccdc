from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import direct
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.inputs import GraduateIdentityInput, SigningTermsInput
from schema.invitations.types import SigningInvitationNode
from schema.relay import decode_id


@strawberry.input
class SendDirectSigningInvitationInput:
    position_id: strawberry.ID
    graduate: GraduateIdentityInput
    terms: SigningTermsInput
    deadline: dt.datetime | None = limits.days(limits.YEAR, limits.YEAR, default=None,
        description="应约截止时间；默认按学校设置（S4）")


@strawberry.type
class SendDirectSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("选择职位、核验毕业生身份后直接发出签约邀请（已注册用人单位，S2）", roles=access.EMPLOYER,
                     errors=[ErrorCode.IDENTITY_MISMATCH, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.RATE_LIMITED, ErrorCode.TOO_LONG])
    async def send_direct_signing_invitation(
        self, info: Info, input: SendDirectSigningInvitationInput
    ) -> SendDirectSigningInvitationPayload:
        async def action():
            g = input.graduate
            row = await direct.send(
                info.context, decode_id(input.position_id, "Position", field="positionId"),
                decode_id(g.school_id, "School", field=["graduate", "schoolId"]), g.name, g.student_number,
                g.id_number, input.terms, input.deadline)
            return {"invitation": SigningInvitationNode.from_row(row)}

        # Not one transaction: a failed identification stays counted by the rate limiter; the sending
        # itself is one transaction inside.
        return await mutation.run(info, SendDirectSigningInvitationPayload, action, input=input, atomic=False)
