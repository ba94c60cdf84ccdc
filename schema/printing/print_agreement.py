from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.printing.print_agreement import print_agreement
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.relay import decode_id


@strawberry.input
class PrintAgreementInput:
    agreement_id: strawberry.ID


@strawberry.type
class PrintAgreementPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None
    url: str | None = strawberry.field(default=None, description="协议书 PDF 的限时下载链接（三联：用人单位、毕业生、"
                                                                  "学校各一份），无需登录即可打开")
    url_expires_at: dt.datetime | None = None


@strawberry.type
class Mutation:
    @access.mutation("打印审核通过的协议书（P2、S8）：返回 PDF 下载链接，记录打印人与时间并累计打印次数（P1）。"
                     "毕业生与用人单位打印自己的协议书，院系老师与学校管理员打印其范围内的协议书",
                     roles=(*access.GRADUATE, *access.EMPLOYER, *access.SCHOOL_STAFF),
                     errors=[ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED,
                             ErrorCode.AGREEMENT_NOT_PRINTABLE, ErrorCode.AGREEMENT_DOCUMENT_NOT_READY])
    async def print_agreement(self, info: Info, input: PrintAgreementInput) -> PrintAgreementPayload:
        async def action():
            agreement, link = await print_agreement(info.context, decode_id(input.agreement_id, AgreementNode,
                                                                            "agreementId"))
            return {"agreement": AgreementNode.from_row(agreement), "url": link.url,
                    "url_expires_at": link.expires_at}

        return await mutation.run(info, PrintAgreementPayload, action, input=input)
