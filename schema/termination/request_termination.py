from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.termination.request import request_termination
from schema import limits, mutation
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
    @strawberry.mutation(description="毕业生申请解除已审核通过的网签协议（T1-T4）")
    async def request_termination(self, info: Info, input: RequestTerminationInput) -> RequestTerminationPayload:
        async def action():
            termination = await request_termination(
                info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"), input.reason,
                input.consent_file)
            return {"termination": TerminationNode.from_row(termination)}

        return await mutation.run(info, RequestTerminationPayload, action, input=input)
