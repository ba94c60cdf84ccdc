from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import interviews
from schema import access, mutation
from schema.errors import Error
from schema.invitations.types import InterviewInvitationNode
from schema.relay import decode_id


@strawberry.input
class AnswerInterviewInput:
    id: strawberry.ID
    accept: bool


@strawberry.type
class AnswerInterviewPayload:
    errors: list[Error]
    interview: InterviewInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("接受或拒绝面试邀请（毕业生，S1）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE,
                             ErrorCode.NOT_FOUND, ErrorCode.REQUIRED, ErrorCode.STALE_STATE])
    async def answer_interview(self, info: Info, input: AnswerInterviewInput) -> AnswerInterviewPayload:
        async def action():
            row = await interviews.answer(info.context, decode_id(input.id, "InterviewInvitation"), input.accept)
            return {"interview": InterviewInvitationNode.from_row(row)}

        return await mutation.run(info, AnswerInterviewPayload, action, input=input)
