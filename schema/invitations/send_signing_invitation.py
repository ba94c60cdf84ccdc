from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import by_interview
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.inputs import SigningTermsInput
from schema.invitations.types import SigningInvitationNode
from schema.relay import decode_id


@strawberry.input
class SendSigningInvitationInput:
    interview_id: strawberry.ID
    terms: SigningTermsInput
    deadline: dt.datetime | None = limits.days(limits.YEAR, limits.YEAR, default=None,
        description="应约截止时间；默认按学校设置（S4）")


@strawberry.type
class SendSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("面试通过后发出签约邀请（用人单位，S1）", roles=access.EMPLOYER,
                     errors=[ErrorCode.INTERVIEW_NOT_PASSED, ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_ID,
                             ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE, ErrorCode.TOO_LONG])
    async def send_signing_invitation(self, info: Info,
                                      input: SendSigningInvitationInput) -> SendSigningInvitationPayload:
        async def action():
            row = await by_interview.send(info.context, decode_id(input.interview_id, "InterviewInvitation",
                                                                  field="interviewId"),
                                          input.terms, input.deadline)
            return {"invitation": SigningInvitationNode.from_row(row)}

        return await mutation.run(info, SendSigningInvitationPayload, action, input=input)
