from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import answers
from schema import access, mutation
from schema.errors import Error
from schema.invitations.types import SigningInvitationNode
from schema.relay import decode_id


@strawberry.input
class WithdrawSigningInvitationInput:
    id: strawberry.ID


@strawberry.type
class WithdrawSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("撤回尚未答复的签约邀请（用人单位）", roles=access.EMPLOYER,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE, ErrorCode.NOT_FOUND,
                             ErrorCode.STALE_STATE])
    async def withdraw_signing_invitation(
        self, info: Info, input: WithdrawSigningInvitationInput
    ) -> WithdrawSigningInvitationPayload:
        async def action():
            row = await answers.withdraw(info.context, decode_id(input.id, "SigningInvitation"))
            return {"invitation": SigningInvitationNode.from_row(row)}

        # Not one transaction: an invitation past its deadline stays expired when the withdrawal is refused (S4).
        return await mutation.run(info, WithdrawSigningInvitationPayload, action, input=input, atomic=False)
