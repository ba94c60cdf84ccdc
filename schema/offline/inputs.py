"""The content of an offline or paper agreement: the employer's details and the terms, in the same inputs an
employer without an account fills in for a QR-card signing (S3), since they freeze into the same terms."""

from __future__ import annotations

import strawberry

from schema.invitations.inputs import QrCardEmployerInput, SigningTermsInput


@strawberry.input(description="线下签约或纸质协议的内容（F1、F2）：用人单位（乙方）信息与协议条款")
class OfflineAgreementInput:
    employer: QrCardEmployerInput
    terms: SigningTermsInput
