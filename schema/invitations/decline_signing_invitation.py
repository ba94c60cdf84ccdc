from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import answers
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.types import SigningInvitationNode
from schema.relay import decode_id


@strawberry.input
class DeclineSigningInvitationInput:
    id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True, default="")


@strawberry.type
class DeclineSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("拒绝签约邀请（毕业生）；单位此后可再次邀请（S6）", roles=access.GRADUATE,
                     errors=[ErrorCode.INVALID_CHARACTERS, ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID,
                             ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.STALE_STATE, ErrorCode.TOO_LONG])
    async def decline_signing_invitation(self, info: Info,
                                         input: DeclineSigningInvitationInput) -> DeclineSigningInvitationPayload:
        async def action():
            row = await answers.decline(info.context, decode_id(input.id, "SigningInvitation"), input.reason)
            return {"invitation": SigningInvitationNode.from_row(row)}

        # Not one transaction: an invitation past its deadline stays expired when the answer is refused (S4).
        return await mutation.run(info, DeclineSigningInvitationPayload, action, input=input, atomic=False)
