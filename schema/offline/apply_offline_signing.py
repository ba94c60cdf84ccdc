from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.offline.register import enter
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.offline.inputs import OfflineAgreementInput


@strawberry.input
class ApplyOfflineSigningInput:
    agreement: OfflineAgreementInput


@strawberry.type
class ApplyOfflineSigningPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生在线填写就业协议，申请与未在平台注册的单位线下签约，提交学校审核（F1）",
                     roles=access.GRADUATE, errors=errors.CONTENT + errors.ELIGIBILITY)
    async def apply_offline_signing(self, info: Info, input: ApplyOfflineSigningInput) -> ApplyOfflineSigningPayload:
        async def action():
            agreement = await enter(info.context, "offline", input.agreement.employer, input.agreement.terms)
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, ApplyOfflineSigningPayload, action, input=input)
