from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.national import feedback
from schema import access, limits, mutation
from schema.errors import Error
from schema.national.types import NationalFeedbackNode
from schema.relay import decode_id


@strawberry.input
class AnswerNationalRecordFeedbackInput:
    id: strawberry.ID
    answer: str | None = limits.text(1000, multiline=True, default=None, description="答复；只关闭时可不填")
    close: bool = strawberry.field(default=False, description="答复后（或直接）关闭这条反馈")


@strawberry.type
class AnswerNationalRecordFeedbackPayload:
    errors: list[Error]
    feedback: NationalFeedbackNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("学校答复或关闭毕业生对全国系统信息的反馈（院系老师本院系，学校管理员本校）",
                     roles=access.SCHOOL_STAFF,
                     errors=[ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT,
                             ErrorCode.NOT_FOUND, ErrorCode.REQUIRED, ErrorCode.INVALID_STATE, ErrorCode.STALE_STATE,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.TOO_LONG])
    async def answer_national_record_feedback(self, info: Info, input: AnswerNationalRecordFeedbackInput
                                              ) -> AnswerNationalRecordFeedbackPayload:
        async def action():
            row = await feedback.answer(info.context, decode_id(input.id, NationalFeedbackNode), input.answer,
                                        input.close)
            return {"feedback": NationalFeedbackNode.from_row(row)}

        return await mutation.run(info, AnswerNationalRecordFeedbackPayload, action, input=input)
