"""The one download route, GET /files/{id}?expires=…&signature=…: serves a stored file to whoever holds a link
GraphQL signed (resolvers/file_links.py), and nothing to anyone else.

Refusals are 403 (a link we did not sign as it is, or one past its time) or 404 (a file that is gone), each in
the GraphQL error shape with a stable code. Every answer is private: files are personal documents.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from models import StoredFile
from resolvers import file_links, files
from resolvers.errors import DEFAULT_MESSAGES, ErrorCode
from server.body_limits import error_body
from server.file_storage import FileMissing

log = logging.getLogger(__name__)

PRIVATE = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the link is the credential: it must not travel on in a Referer
}
# What a served file may do when a browser opens it: nothing (no scripts, no requests, no frames).
_SANDBOX = {"Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"}


def _refusal(status: int, code: ErrorCode) -> Response:
    return Response(error_body(code, DEFAULT_MESSAGES[code]), status_code=status, media_type="application/json",
                    headers=PRIVATE)


def content_disposition(filename: str) -> str:
    """`inline` with the name in UTF-8 (RFC 6266/5987) and a plain ASCII fallback for old clients."""
    name = re.sub(r"[\x00-\x1f\x7f\"\\/;]", "_", filename).strip() or "file"
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def download(request: Request) -> Response:
    file_id = request.path_params["file_id"]
    try:
        file_links.check(file_id, request.query_params.get("expires"), request.query_params.get("signature"))
    except file_links.Refused as e:
        return _refusal(403, e.code)
    stored = await StoredFile.get_or_none(id=file_id)
    if stored is None:
        return _refusal(404, ErrorCode.NOT_FOUND)
    try:
        data = await files.read(stored)
    except FileMissing:
        log.error("stored file %s: the store has no bytes under %s", stored.id, stored.storage_key)
        return _refusal(404, ErrorCode.NOT_FOUND)
    headers = {**PRIVATE, **_SANDBOX, "Content-Disposition": content_disposition(stored.filename)}
    return Response(data, media_type=stored.content_type, headers=headers)
