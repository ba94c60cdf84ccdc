from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.national import feedback
from schema import access, limits, mutation
from schema.errors import Error
from schema.national.types import NationalFeedbackNode, NationalRecordKind


@strawberry.input
class GiveNationalRecordFeedbackInput:
    record: NationalRecordKind = strawberry.field(description="反馈的信息类别")
    body: str = limits.text(1000, multiline=True, description="反馈内容：哪里与本人信息不一致")


@strawberry.type
class GiveNationalRecordFeedbackPayload:
    errors: list[Error]
    feedback: NationalFeedbackNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生对全国系统中本人信息提出反馈（毕业生信息反馈），由学校答复",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT, ErrorCode.REQUIRED,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.TOO_LONG])
    async def give_national_record_feedback(self, info: Info, input: GiveNationalRecordFeedbackInput
                                            ) -> GiveNationalRecordFeedbackPayload:
        async def action():
            row = await feedback.give(info.context, input.record.value, input.body)
            return {"feedback": NationalFeedbackNode.from_row(row)}

        return await mutation.run(info, GiveNationalRecordFeedbackPayload, action, input=input)
