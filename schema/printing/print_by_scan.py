from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.printing import print_codes
from schema import access, limits, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class PrintAgreementByScanInput:
    code: str = limits.text(64, description="扫描打印页面二维码得到的内容（打印码）")
    agreement_id: strawberry.ID


@strawberry.type
class PrintAgreementByScanPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("扫码打印（P2）：毕业生在小程序中扫描电脑打印页面上的二维码，把自己审核通过的协议书发送到该页面打印；"
                     "记录打印人与时间并累计打印次数（P1）。二维码只能使用一次，几分钟后过期",
                     roles=access.GRADUATE,
                     errors=[ErrorCode.TOO_LONG, ErrorCode.PRINT_CODE_INVALID, ErrorCode.PRINT_CODE_USED,
                             ErrorCode.PRINT_CODE_EXPIRED, ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND,
                             ErrorCode.AGREEMENT_NOT_PRINTABLE, ErrorCode.AGREEMENT_DOCUMENT_NOT_READY])
    async def print_agreement_by_scan(self, info: Info, input: PrintAgreementByScanInput
                                      ) -> PrintAgreementByScanPayload:
        async def action():
            agreement = await print_codes.scan(info.context, input.code,
                                               decode_id(input.agreement_id, AgreementNode, "agreementId"))
            return {"agreement": AgreementNode.from_row(agreement)}

        return await mutation.run(info, PrintAgreementByScanPayload, action, input=input)
