from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import acceptance
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.invitations.types import SigningInvitationNode
from schema.relay import decode_id


@strawberry.input
class AcceptSigningInvitationInput:
    id: strawberry.ID
    confirm: bool = strawberry.field(
        default=False, description="false：开启 60 秒的签约确认；true：在 60 秒内确认签约（S7）")


@strawberry.type
class AcceptSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None
    agreement: AgreementNode | None = strawberry.field(default=None, description="签约成功后生成的就业协议书")
    confirmation_expires_at: dt.datetime | None = strawberry.field(
        default=None, description="开启确认后，须在此时间前再次确认")


@strawberry.type
class Mutation:
    @access.mutation("接受签约邀请（毕业生）：先开启确认，60 秒内再次确认即签约（S5、S7-S9）", roles=access.GRADUATE,
                     errors=[ErrorCode.NOT_FOUND, ErrorCode.ORIGIN_NOT_CONFIRMED, ErrorCode.INVITATION_EXPIRED,
                             ErrorCode.NOT_AWAITING_EMPLOYMENT, ErrorCode.DIRECTED_TRAINING,
                             ErrorCode.SIGNING_NOT_OPEN, ErrorCode.CONFIRMATION_EXPIRED,
                             ErrorCode.HAS_ACTIVE_AGREEMENT, ErrorCode.INVALID_ID, ErrorCode.INVALID_STATE,
                             ErrorCode.STALE_STATE])
    async def accept_signing_invitation(self, info: Info,
                                        input: AcceptSigningInvitationInput) -> AcceptSigningInvitationPayload:
        async def action():
            invitation, agreement = await acceptance.accept(info.context, decode_id(input.id, "SigningInvitation"),
                                                            input.confirm)
            return {"invitation": SigningInvitationNode.from_row(invitation),
                    "agreement": AgreementNode.from_row(agreement) if agreement else None,
                    "confirmation_expires_at": None if agreement else acceptance.confirmation_expires_at(invitation)}

        # Not one transaction: an invitation past its deadline stays expired when the answer is refused (S4);
        # opening the confirmation and signing are each one transaction inside.
        return await mutation.run(info, AcceptSigningInvitationPayload, action, input=input, atomic=False)
