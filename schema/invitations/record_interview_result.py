from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import interviews
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.types import InterviewInvitationNode
from schema.relay import decode_id


@strawberry.input
class RecordInterviewResultInput:
    id: strawberry.ID
    passed: bool
    note: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class RecordInterviewResultPayload:
    errors: list[Error]
    interview: InterviewInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("录入面试结果（用人单位，S1）；通过后可发出签约邀请", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def record_interview_result(self, info: Info,
                                      input: RecordInterviewResultInput) -> RecordInterviewResultPayload:
        async def action():
            row = await interviews.record_result(info.context, decode_id(input.id, "InterviewInvitation"),
                                                 input.passed, input.note)
            return {"interview": InterviewInvitationNode.from_row(row)}

        return await mutation.run(info, RecordInterviewResultPayload, action, input=input)
