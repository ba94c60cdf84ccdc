"""Passwords (argon2), signed access tokens (JWT) and turning a token back into a Viewer."""

from __future__ import annotations

import datetime as dt

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import Employer, Graduate, Staff
from resolvers.errors import DEFAULT_MESSAGES, ErrorCode
from resolvers.viewer import ANONYMOUS, Role, Viewer
from server import clock
from server.settings import get_settings

_hasher = PasswordHasher()
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check, so a missing account cannot be told apart.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(role: Role, principal_id: int, session_version: int, *, purpose: str = "access",
                minutes: int | None = None, extra: dict | None = None) -> str:
    settings = get_settings()
    now = clock.now()
    claims = {
        "sub": f"{role.value}:{principal_id}",
        "sv": session_version,
        "purpose": purpose,
        "iat": now,
        "exp": now + dt.timedelta(minutes=minutes or settings.access_token_minutes),
        **(extra or {}),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)


class TokenRefused(Exception):
    """A token was sent but names nobody we can serve; `code` tells the client why, so it logs in again."""

    def __init__(self, code: ErrorCode) -> None:
        self.code = code
        super().__init__(DEFAULT_MESSAGES[code])


# Principal ids are 32-bit database integers: a signed id beyond them names nobody and must not reach the driver.
_MAX_ID = 2**31 - 1


def claims_of(token: str, purpose: str = "access") -> dict:
    """The verified claims of a token of this purpose; a token without an expiry is never valid."""
    try:
        claims = jwt.decode(token, get_settings().secret_key, algorithms=[_ALGORITHM],
                            **clock.jwt_checks(require=["exp", "sub"]))
    except jwt.ExpiredSignatureError:
        raise TokenRefused(ErrorCode.TOKEN_EXPIRED) from None
    except jwt.PyJWTError:
        raise TokenRefused(ErrorCode.TOKEN_INVALID) from None
    if claims.get("purpose") != purpose:
        raise TokenRefused(ErrorCode.TOKEN_INVALID)
    return claims


def decode_token(token: str, purpose: str = "access") -> dict | None:
    try:
        return claims_of(token, purpose)
    except TokenRefused:
        return None


BINDING_TICKET_MINUTES = 10


def issue_binding_ticket(openid: str, unionid: str | None = None) -> str:
    """WeChat vouched for this openid moments ago; bindGraduate trusts it for a few minutes only (B1).

    Signed, not encrypted: the openid is the user's own, and the WeChat session_key never goes in.
    """
    now = clock.now()
    claims = {"sub": "wechat", "oid": openid, "purpose": "bind", "iat": now,
              "exp": now + dt.timedelta(minutes=BINDING_TICKET_MINUTES)}
    if unionid:
        claims["uid"] = unionid  # kept on the record at binding: how official-account messages find the graduate
    return jwt.encode(claims, get_settings().secret_key, algorithm=_ALGORITHM)


def openid_from_binding_ticket(ticket: str) -> str | None:
    claims = decode_token(ticket, purpose="bind")
    return str(claims["oid"]) if claims and claims.get("oid") else None


def unionid_from_binding_ticket(ticket: str) -> str | None:
    claims = decode_token(ticket, purpose="bind")
    return str(claims["uid"]) if claims and claims.get("uid") else None


def issue_graduate_token(graduate: Graduate, *, by_password: bool = False) -> str:
    """A password login with the initial password gets a token restricted to changing it (B4, claim pwc)."""
    restricted = by_password and graduate.must_change_password
    return issue_token(Role.GRADUATE, graduate.id, graduate.session_version,
                       extra={"pwc": True} if restricted else None)


def bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def bearer_of_params(params: object) -> str | None:
    """The token a websocket client sends in `connection_init`'s payload: {"Authorization": "Bearer <token>"}
    (a lower-case key is accepted too); browsers cannot set headers on a websocket handshake."""
    if not isinstance(params, dict):
        return None
    value = params.get("Authorization", params.get("authorization"))
    return bearer(value) if isinstance(value, str) else None


async def viewer_from_token(token: str | None) -> Viewer:
    """One query per request: the principal must still exist and the token not be revoked.

    No token: anonymous. A token that cannot be honoured raises TokenRefused, never anonymous: a client that
    believes it is signed in must learn that it is not, and why.
    """
    if not token:
        return ANONYMOUS
    viewer, _ = await session_from_token(token)
    return viewer


async def session_from_token(token: str) -> tuple[Viewer, dt.datetime]:
    """The viewer of a token and when the token expires (a websocket connection ends then); TokenRefused if
    it cannot be honoured."""
    claims = claims_of(token)
    expires_at = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
    return await _viewer_of(claims), expires_at


async def _viewer_of(claims: dict) -> Viewer:
    role_name, _, raw_id = str(claims["sub"]).partition(":")
    try:
        role, principal_id = Role(role_name), int(raw_id)
    except ValueError:
        raise TokenRefused(ErrorCode.TOKEN_INVALID) from None
    if not 0 < principal_id <= _MAX_ID:
        raise TokenRefused(ErrorCode.TOKEN_INVALID)
    revoked = TokenRefused(ErrorCode.TOKEN_REVOKED)
    if role is Role.GRADUATE:
        g = await Graduate.get_or_none(id=principal_id)
        if g is None or g.session_version != claims.get("sv"):
            raise revoked
        return Viewer(role=role, id=g.id, name=g.name, school_id=g.school_id, department_id=g.department_id,
                      password_change_required=bool(claims.get("pwc")) and g.must_change_password, row=g)
    if role is Role.EMPLOYER:
        e = await Employer.get_or_none(id=principal_id)
        if e is None or e.session_version != claims.get("sv"):
            raise revoked
        return Viewer(role=role, id=e.id, name=e.name, row=e)
    s = await Staff.get_or_none(id=principal_id)
    if s is None or not s.is_active or s.session_version != claims.get("sv") or s.role != role.value:
        raise revoked
    return Viewer(role=role, id=s.id, name=s.name, school_id=s.school_id, department_id=s.department_id,
                  province_id=s.province_id, password_change_required=s.must_change_password, row=s)
