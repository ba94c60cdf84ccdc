"""Signed download links: the only way a stored file leaves the server (issue 10 §1).

GraphQL hands a link out after its own access check on the record the file belongs to; the link then works
without a token (an <img src>, a PDF viewer, the mini-program's downloader) but only for that one file and only
until it expires (WANGQIAN_FILE_URL_SECONDS). It is an HMAC of the file id and the expiry under a key derived
from WANGQIAN_SECRET_KEY, so changing either, or guessing, gives a link the route refuses.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlencode

from resolvers.context import Context
from resolvers.errors import ErrorCode
from server import clock
from server.settings import get_settings

PATH = "/files/"
_PURPOSE = b"wangqian stored-file link v1"


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: dt.datetime


class Refused(Exception):
    def __init__(self, code: ErrorCode) -> None:
        super().__init__(code.value)
        self.code = code


def _key() -> bytes:
    # Its own key, derived: a link signature can never be replayed as a token signature or the other way round.
    return hmac.new(get_settings().secret_key.encode(), _PURPOSE, hashlib.sha256).digest()


def _signature(file_id: int, expires: int) -> str:
    mac = hmac.new(_key(), f"{file_id}.{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def link(ctx: Context | None, file_id: int) -> Link:
    """A link to the file, absolute when the request tells the server's address (the mini-program needs one)."""
    expires_at = clock.now().replace(microsecond=0) + dt.timedelta(seconds=get_settings().file_url_seconds)
    expires = int(expires_at.timestamp())
    path = f"{PATH}{file_id}?{urlencode({'expires': expires, 'signature': _signature(file_id, expires)})}"
    request = getattr(ctx, "request", None)
    base = str(request.base_url).rstrip("/") if request is not None and hasattr(request, "base_url") else ""
    return Link(url=base + path, expires_at=expires_at)


def check(file_id: int, expires: str | None, signature: str | None) -> None:
    """Raises Refused: FILE_LINK_INVALID for a link we did not sign as it is, FILE_LINK_EXPIRED after its time.
    The signature is checked first, so an altered expiry is invalid, not merely expired."""
    if not expires or not signature or not expires.isdigit() or len(expires) > 12:
        raise Refused(ErrorCode.FILE_LINK_INVALID)
    if not hmac.compare_digest(signature.encode(), _signature(file_id, int(expires)).encode()):
        raise Refused(ErrorCode.FILE_LINK_INVALID)
    if clock.now().timestamp() >= int(expires):
        raise Refused(ErrorCode.FILE_LINK_EXPIRED)
