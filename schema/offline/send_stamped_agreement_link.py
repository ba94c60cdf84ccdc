from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from resolvers.offline import register
from schema import access, mutation
from schema.agreements.types import AgreementNode
from schema.errors import Error
from schema.offline import errors
from schema.relay import decode_id


@strawberry.input
class SendStampedAgreementLinkInput:
    agreement_id: strawberry.ID


@strawberry.type
class SendStampedAgreementLinkPayload:
    errors: list[Error]
    agreement: AgreementNode | None = None
    link_expires_at: dt.datetime | None = strawberry.field(default=None, description="链接的失效时间；链接仅可使用一次")


@strawberry.type
class Mutation:
    @access.mutation("毕业生请用人单位协助回传盖章协议书：向协议中的单位联系人手机发送一次性上传链接短信（F1）",
                     roles=access.GRADUATE,
                     errors=[*errors.STATE, errors.ErrorCode.REQUIRED, errors.ErrorCode.RATE_LIMITED])
    async def send_stamped_agreement_link(self, info: Info,
                                          input: SendStampedAgreementLinkInput) -> SendStampedAgreementLinkPayload:
        async def action():
            agreement, link = await register.send_upload_link(
                info.context, decode_id(input.agreement_id, AgreementNode, "agreementId"))
            return {"agreement": AgreementNode.from_row(agreement), "link_expires_at": link.expires_at}

        return await mutation.run(info, SendStampedAgreementLinkPayload, action, input=input)
