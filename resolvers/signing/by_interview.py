"""S1: after a passed interview, the employer sends a signing invitation for the interview's position."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Employer, InterviewInvitation, Position, SigningInvitation
from resolvers import authz
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.signing import invitations
from resolvers.viewer import Role


async def send(ctx: Context, interview_id: int, terms_input: Any, deadline: dt.datetime | None) -> SigningInvitation:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    interview = await InterviewInvitation.get_or_none(id=interview_id)
    if interview is None or not authz.owns_employer_row(ctx.viewer, interview):
        raise DomainError(ErrorCode.NOT_FOUND, field="interviewId")
    if interview.state != "passed":
        raise DomainError(ErrorCode.INTERVIEW_NOT_PASSED, field="interviewId")
    return await invitations.send(
        ctx, graduate_id=interview.graduate_id, employer=await Employer.get(id=interview.employer_id),
        method="interview", terms_input=terms_input, deadline=deadline,
        position=await Position.get(id=interview.position_id), interview=interview)
