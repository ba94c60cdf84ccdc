from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from resolvers.errors import ErrorCode
from resolvers.signing import qr_signing
from schema import access, limits, mutation
from schema.errors import Error
from schema.invitations.inputs import QrCardEmployerInput, SigningTermsInput
from schema.invitations.types import SigningInvitationNode


@strawberry.input
class SendQrCardSigningInvitationInput:
    card_token: str = limits.text(limits.TOKEN)
    verify_name: str = limits.text(limits.PERSON_NAME, description="毕业生完整姓名（由毕业生告知）")
    verify_id_number_last6: str = limits.text(limits.CODE, description="毕业生身份证号后六位（由毕业生告知）")
    employer: QrCardEmployerInput
    license_image: Upload = strawberry.field(description="统一社会信用代码证（营业执照）图片，JPG 或 PNG")
    terms: SigningTermsInput
    deadline: dt.datetime | None = limits.days(limits.YEAR, limits.YEAR, default=None,
        description="应约截止时间；默认按学校设置（S4）")


@strawberry.type
class SendQrCardSigningInvitationPayload:
    errors: list[Error]
    invitation: SigningInvitationNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("扫毕业生二维码名片发出签约邀请（无需单位账号，S3）", roles=access.ANYONE,
                     errors=[ErrorCode.QR_CARD_INVALID, ErrorCode.QR_CARD_EXPIRED, ErrorCode.IDENTITY_MISMATCH,
                             ErrorCode.RATE_LIMITED, ErrorCode.NOT_FOUND, ErrorCode.INVALID_ID_NUMBER,
                             ErrorCode.INVALID_PHONE, ErrorCode.INVALID_USCC, ErrorCode.INVALID_REGION,
                             ErrorCode.INVALID_CODE, ErrorCode.INVALID_POSTCODE, ErrorCode.INVALID_EMAIL,
                             ErrorCode.DEADLINE_OUT_OF_RANGE, ErrorCode.EMPLOYER_MUST_SIGN_IN,
                             ErrorCode.FILE_TOO_LARGE, ErrorCode.FILE_TYPE_NOT_ALLOWED, ErrorCode.INVALID_CHARACTERS,
                             ErrorCode.INVALID_FORMAT, ErrorCode.INVALID_INPUT, ErrorCode.OUT_OF_RANGE,
                             ErrorCode.TOO_LONG])
    async def send_qr_card_signing_invitation(
        self, info: Info, input: SendQrCardSigningInvitationInput
    ) -> SendQrCardSigningInvitationPayload:
        async def action():
            row = await qr_signing.send(info.context, input.card_token, input.verify_name,
                                        input.verify_id_number_last6, input.employer, input.license_image,
                                        input.terms, input.deadline)
            return {"invitation": SigningInvitationNode.from_row(row)}

        # Not one transaction: failed identity checks stay counted by the rate limiter; the sending itself
        # is one transaction inside.
        return await mutation.run(info, SendQrCardSigningInvitationPayload, action, input=input, atomic=False)
