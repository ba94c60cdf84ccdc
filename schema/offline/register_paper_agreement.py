from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.offline.register import enter
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.offline.inputs import OfflineAgreementInput


@strawberry.input
class RegisterPaperAgreementInput:
    agreement: OfflineAgreementInput
    stamped_agreement: Upload = strawberry.field(description="盖章的纸质就业协议书图像：JPEG、PNG 图片或 PDF")


@strawberry.type
class RegisterPaperAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生登记已签的纸质就业协议并上传盖章图像，提交学校审核（F2）", roles=access.GRADUATE,
                     errors=errors.CONTENT + errors.ELIGIBILITY + errors.FILE)
    async def register_paper_agreement(self, info: Info,
                                       input: RegisterPaperAgreementInput) -> RegisterPaperAgreementPayload:
        async def action():
            agreement = await enter(info.context, "paper", input.agreement.employer, input.agreement.terms,
                                    input.stamped_agreement)
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, RegisterPaperAgreementPayload, action, input=input)
