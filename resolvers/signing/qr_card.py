"""S3 QR card: a signed, expiring token naming the graduate, shown as a QR code in the mini-program.

The token carries the graduate's record id and session version, never the ID number. Whoever holds it
may see whom they invite (name masked) and, with the full name and the ID number's last six characters
told by the graduate, send a signing invitation. Unbinding or logging out everywhere revokes it.
"""

from __future__ import annotations

import datetime as dt
import secrets

import jwt

from models import Graduate
from resolvers import names, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role
from server import auth, clock, crypto
from server.settings import get_settings

PURPOSE = "qr_card"
FIELD = "cardToken"


def issue(graduate: Graduate) -> tuple[str, dt.datetime]:
    minutes = get_settings().qr_card_minutes
    token = auth.issue_token(Role.GRADUATE, graduate.id, graduate.session_version, purpose=PURPOSE,
                             minutes=minutes, extra={"jti": secrets.token_urlsafe(12)})
    return token, dt.datetime.fromtimestamp(jwt.decode(token, options={"verify_signature": False})["exp"], dt.UTC)


def _claims(token: str) -> dict:
    try:
        claims = jwt.decode(token or "", get_settings().secret_key, algorithms=["HS256"],
                            **clock.jwt_checks(require=["exp", "sub", "jti"]))
    except jwt.ExpiredSignatureError:
        raise DomainError(ErrorCode.QR_CARD_EXPIRED, field=FIELD) from None
    except jwt.PyJWTError:
        raise DomainError(ErrorCode.QR_CARD_INVALID, field=FIELD) from None
    if claims.get("purpose") != PURPOSE:
        raise DomainError(ErrorCode.QR_CARD_INVALID, field=FIELD)
    return claims


async def holder(token: str) -> tuple[Graduate, str]:
    """The graduate a card names and the card's own id (the key of its rate limit)."""
    claims = _claims(token)
    role, _, raw_id = str(claims["sub"]).partition(":")
    graduate = await Graduate.get_or_none(id=int(raw_id)) if role == Role.GRADUATE.value and raw_id.isdigit() \
        else None
    if graduate is None or graduate.session_version != claims.get("sv"):
        raise DomainError(ErrorCode.QR_CARD_INVALID, "二维码名片已失效，请毕业生重新出示", FIELD)
    return graduate, str(claims["jti"])


def masked_name(name: str) -> str:
    """陈晓明 -> 陈*明, 李四 -> 李*: enough to recognise the person in front of you, not to look them up."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


async def verify(ctx: Context, graduate: Graduate, card_id: str, name: str, id_number_last6: str) -> None:
    """Runs outside the mutation's transaction, so failed attempts stay counted: per card and per client."""
    attempt = await throttle.begin(
        ctx, throttle.Limit(throttle.qr_card_key(card_id), get_settings().login_max_failures), throttle.client(ctx),
        trace=throttle.Trace(AuditAction.QR_CARD_VERIFICATION_FAILED, AuditAction.QR_CARD_VERIFICATION_LOCKED,
                             "graduate", graduate.id, school_id=graduate.school_id,
                             department_id=graduate.department_id))
    plain = crypto.decrypt(graduate.id_number_enc) or ""
    given_last6 = (id_number_last6 or "").strip().upper()
    name_ok = secrets.compare_digest(names.normalize(name).encode(), names.normalize(graduate.name).encode())
    id_ok = len(given_last6) == 6 and secrets.compare_digest(given_last6.encode(), plain[-6:].upper().encode())
    if not (name_ok and id_ok):
        await attempt.failed()
        raise DomainError(ErrorCode.IDENTITY_MISMATCH, "姓名或身份证号后六位与毕业生信息不一致", "verifyName")
    await attempt.succeeded()
