from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.offline.register import withdraw
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.relay import decode_id


@strawberry.input
class WithdrawOfflineAgreementInput:
    agreement_id: strawberry.ID


@strawberry.type
class WithdrawOfflineAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生在学校（院系）审核前撤回线下签约或纸质协议，以便修改（F1、F2「撤回修改」）",
                     roles=access.GRADUATE, errors=errors.STATE)
    async def withdraw_offline_agreement(self, info: Info,
                                         input: WithdrawOfflineAgreementInput) -> WithdrawOfflineAgreementPayload:
        async def action():
            agreement = await withdraw(info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"))
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, WithdrawOfflineAgreementPayload, action, input=input)
