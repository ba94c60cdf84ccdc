from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.signing import interviews
from schema import mutation
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
    @strawberry.mutation(description="接受或拒绝面试邀请（毕业生，S1）")
    async def answer_interview(self, info: Info, input: AnswerInterviewInput) -> AnswerInterviewPayload:
        async def action():
            row = await interviews.answer(info.context, decode_id(input.id, "InterviewInvitation"), input.accept)
            return {"interview": InterviewInvitationNode.from_row(row)}

        return await mutation.run(info, AnswerInterviewPayload, action, input=input)
