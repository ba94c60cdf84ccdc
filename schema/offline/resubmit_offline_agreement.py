from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.offline.register import resubmit
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.offline.inputs import OfflineAgreementInput
from schema.relay import decode_id


@strawberry.input
class ResubmitOfflineAgreementInput:
    agreement_id: strawberry.ID
    agreement: OfflineAgreementInput | None = strawberry.field(
        default=None, description="修改后的协议内容；线下签约在协议信息审核通过后不能再改")
    stamped_agreement: Upload | None = strawberry.field(
        default=None, description="重新回传的盖章协议书图像；学校要求重新回传时必填")


@strawberry.type
class ResubmitOfflineAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生撤回或被退回后，修改线下签约或纸质协议并重新提交审核（F1、F2）", roles=access.GRADUATE,
                     errors=errors.STATE + errors.CONTENT + errors.FILE + [ErrorCode.FIELD_READ_ONLY])
    async def resubmit_offline_agreement(self, info: Info,
                                         input: ResubmitOfflineAgreementInput) -> ResubmitOfflineAgreementPayload:
        async def action():
            content = input.agreement
            agreement = await resubmit(info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"),
                                       content.employer if content else None, content.terms if content else None,
                                       input.stamped_agreement)
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, ResubmitOfflineAgreementPayload, action, input=input)
