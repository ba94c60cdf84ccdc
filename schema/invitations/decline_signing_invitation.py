from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.signing import answers
from schema import limits, mutation
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
    @strawberry.mutation(description="拒绝签约邀请（毕业生）；单位此后可再次邀请（S6）")
    async def decline_signing_invitation(self, info: Info,
                                         input: DeclineSigningInvitationInput) -> DeclineSigningInvitationPayload:
        async def action():
            row = await answers.decline(info.context, decode_id(input.id, "SigningInvitation"), input.reason)
            return {"invitation": SigningInvitationNode.from_row(row)}

        # Not one transaction: an invitation past its deadline stays expired when the answer is refused (S4).
        return await mutation.run(info, DeclineSigningInvitationPayload, action, input=input, atomic=False)
