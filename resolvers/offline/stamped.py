"""The agreement stamped by the employer (F1, F2): its image checked by content and stored, and handed in for the
signing review by the graduate or, without an account, by the employer through a one-time link sent by SMS.

The link's token is 256 random bits; only its SHA-256 is stored, so the table cannot be read back into links.
It is used by one conditional UPDATE (unused and unexpired -> used), so two uploads racing on one link make one;
a new link for the agreement ends the earlier ones. The token reaches the SMS encrypted in its event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from models import Agreement, AgreementUploadLink, Graduate, StoredFile
from resolvers import audit, events, files, uploads, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.open import open_review
from resolvers.states import OFFLINE_AGREEMENT
from server import clock, crypto
from server.settings import get_settings

FIELD = "stampedAgreement"
PURPOSE = "stamped_agreement"
LINK_VALIDITY = dt.timedelta(days=7)
# Each link is an SMS to someone without an account: at most one a minute per agreement.
LINK_INTERVAL = dt.timedelta(minutes=1)
LINK_PATH = "/agreement-upload/"
# The states in which a stamped agreement is handed in, and the transition that does it.
HAND_IN = {"awaiting_stamp": "upload", "signing_returned": "submit", "signing_withdrawn": "submit"}


async def read(upload: Any) -> tuple[bytes, str, str]:
    if upload is None:
        raise DomainError(ErrorCode.REQUIRED, "请上传盖章的就业协议书图像", FIELD)
    data, content_type = await uploads.read(upload, FIELD, uploads.IMAGES | {uploads.PDF},
                                            "请上传 JPG、PNG 图片或 PDF 格式的盖章协议书")
    return data, content_type, getattr(upload, "filename", None) or "stamped-agreement"


async def store(image: tuple[bytes, str, str], agreement: Agreement) -> StoredFile:
    data, content_type, filename = image
    return await files.save(data, content_type=content_type, filename=filename, owner_kind="agreement",
                            owner_id=agreement.id, purpose=PURPOSE)


async def hand_in(ctx: Context, agreement: Agreement, image: tuple[bytes, str, str]) -> Agreement:
    """The stamped image replaces any earlier one and the signing review opens (a new round)."""
    action = HAND_IN.get(agreement.state)
    if action is None:
        OFFLINE_AGREEMENT.next_state(agreement.state, "upload")  # raises INVALID_STATE with the state's name
    stored = await store(image, agreement)
    await workflow.apply(ctx, OFFLINE_AGREEMENT, agreement, action,
                         changes={"stamped_file_id": stored.id, "returned_fields": []})
    graduate = await Graduate.get(id=agreement.graduate_id)
    await open_review(ctx, "agreement", agreement.id, graduate, agreement.employer_id)
    return agreement


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    return get_settings().public_url.rstrip("/") + LINK_PATH + token


async def send_link(ctx: Context, agreement: Agreement) -> AgreementUploadLink:
    """To the employer's contact phone as the agreement's terms have it (seed 004 §4.3 "用人单位协助回传")."""
    if agreement.method != "offline" or agreement.state not in HAND_IN:
        raise DomainError(ErrorCode.INVALID_STATE, "协议信息审核通过后方可请用人单位回传盖章协议书", "agreementId")
    phone_enc = ((agreement.terms or {}).get("partyB") or {}).get("contactPhoneEnc")
    if not phone_enc:
        raise DomainError(ErrorCode.REQUIRED, "协议中没有用人单位联系人电话", "agreementId")
    now = clock.now()
    if await AgreementUploadLink.filter(agreement_id=agreement.id,
                                        expires_at__gt=now + LINK_VALIDITY - LINK_INTERVAL).exists():
        raise DomainError(ErrorCode.RATE_LIMITED, "短信刚刚发出，请 1 分钟后再试", "agreementId")
    await AgreementUploadLink.filter(agreement_id=agreement.id, used_at=None, expires_at__gt=now
                                     ).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    link = await AgreementUploadLink.create(agreement_id=agreement.id, token_hash=_hash(token),
                                            phone_enc=phone_enc, expires_at=now + LINK_VALIDITY)
    await audit.record(ctx, AuditAction.AGREEMENT_UPLOAD_LINK_SENT, "agreement", agreement.id,
                       school_id=agreement.school_id, department_id=agreement.department_id,
                       after={"link_id": link.id, "expires_at": link.expires_at})
    await events.upload_link_sent(link, agreement, await Graduate.get(id=agreement.graduate_id),
                                  crypto.encrypt(link_url(token)))
    return link


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # unknown | used | expired | state


async def link_of(token: str) -> tuple[AgreementUploadLink, Agreement]:
    """The link a token names and its agreement, if it may still be used."""
    link = await AgreementUploadLink.get_or_none(token_hash=_hash(token or ""))
    if link is None:
        raise LinkRefused("unknown")
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.expires_at <= clock.now():
        raise LinkRefused("expired")
    agreement = await Agreement.get(id=link.agreement_id)
    if agreement.state not in HAND_IN:
        raise LinkRefused("state")
    return link, agreement


async def upload_by_link(ctx: Context, token: str, image: tuple[bytes, str, str]) -> Agreement:
    """Inside the caller's transaction: the link is spent by the same commit that hands the image in."""
    link, agreement = await link_of(token)
    now = clock.now()
    if await AgreementUploadLink.filter(id=link.id, used_at=None, expires_at__gt=now).update(used_at=now) != 1:
        raise LinkRefused("used")
    agreement = await Agreement.select_for_update().get(id=agreement.id)
    if agreement.state not in HAND_IN:
        raise LinkRefused("state")
    return await hand_in(ctx, agreement, image)
