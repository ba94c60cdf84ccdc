from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.offline import register
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.relay import decode_id


@strawberry.input
class UploadStampedAgreementInput:
    agreement_id: strawberry.ID
    stamped_agreement: Upload = strawberry.field(description="用人单位盖章的就业协议书图像：JPEG、PNG 图片或 PDF")


@strawberry.type
class UploadStampedAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生回传用人单位盖章的线下签约协议书，提交学校签约审核（F1「本人回传协议书」）",
                     roles=access.GRADUATE, errors=errors.STATE + errors.FILE + [errors.ErrorCode.REQUIRED])
    async def upload_stamped_agreement(self, info: Info,
                                       input: UploadStampedAgreementInput) -> UploadStampedAgreementPayload:
        async def action():
            agreement = await register.upload_stamped(
                info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"), input.stamped_agreement)
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, UploadStampedAgreementPayload, action, input=input)
