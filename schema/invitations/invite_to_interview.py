from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import interviews
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.types import InterviewInvitationNode
from schema.relay import decode_id


@strawberry.input
class InviteToInterviewInput:
    application_id: strawberry.ID
    scheduled_at: dt.datetime = limits.days(limits.YEAR, limits.YEAR, description="面试时间，须晚于当前时间")
    place: str = limits.text(limits.LINE, default="", description="面试地点；与线上链接至少填一项")
    link: str = limits.text(limits.URL, default="", description="线上面试链接")
    note: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class InviteToInterviewPayload:
    errors: list[Error]
    interview: InterviewInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("向投递本单位职位的毕业生发出面试邀请（用人单位，S1）", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_INPUT, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED, ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def invite_to_interview(self, info: Info, input: InviteToInterviewInput) -> InviteToInterviewPayload:
        async def action():
            row = await interviews.invite(info.context, decode_id(input.application_id, "Application",
                                                                  field="applicationId"),
                                          input.scheduled_at, input.place, input.link, input.note)
            return {"interview": InterviewInvitationNode.from_row(row)}

        return await mutation.run(info, InviteToInterviewPayload, action, input=input)
