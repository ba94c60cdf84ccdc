from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.termination.request import request_termination
from schema import access, limits, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.relay import decode_id
from schema.termination.types import TerminationNode


@strawberry.input
class RequestTerminationInput:
    agreement_id: strawberry.ID
    reason: str = limits.text(limits.REASON, multiline=True)
    consent_file: Upload = strawberry.field(description="用人单位盖章的解约证明：JPEG、PNG 图片或 PDF")


@strawberry.type
class RequestTerminationPayload:
    errors: list[Error]
    termination: TerminationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("毕业生申请解除已审核通过的网签协议（T1-T4）", roles=access.GRADUATE,
                     errors=[ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_ID, ErrorCode.NOT_FOUND,
                             ErrorCode.NOT_ONLINE_AGREEMENT, ErrorCode.OUT_OF_RANGE, ErrorCode.REQUIRED,
                             ErrorCode.TERMINATION_LIMIT_REACHED, ErrorCode.TERMINATION_NOT_OPEN,
                             ErrorCode.TERMINATION_PENDING, ErrorCode.TOO_LONG])
    async def request_termination(self, info: Info, input: RequestTerminationInput) -> RequestTerminationPayload:
        async def action():
            termination = await request_termination(
                info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"), input.reason,
                input.consent_file)
            return {"termination": TerminationNode.from_row(termination)}

        return await mutation.run(info, RequestTerminationPayload, action, input=input)
