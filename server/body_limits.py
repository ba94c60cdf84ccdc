"""Request bodies bounded while they stream in, before anything reads them whole or authenticates the caller.

A declared Content-Length over the limit is refused before a byte of the body is read; a body without one
(chunked) is counted as it arrives and refused the moment it passes the limit. An operation is small; a
multipart upload may carry one file of WANGQIAN_UPLOAD_MAX_BYTES plus its form fields.
"""

from __future__ import annotations

import json

from resolvers.errors import DEFAULT_MESSAGES, ErrorCode

# The operations, map and other form fields around an uploaded file.
MULTIPART_FORM_ALLOWANCE = 64 * 1024


class BodyTooLarge(Exception):
    pass


def error_body(code: ErrorCode, message: str) -> bytes:
    """The GraphQL-over-HTTP shape, so a client reads a refused request the way it reads any other error."""
    payload = {"data": None, "errors": [{"message": message, "extensions": {"code": code.value}}]}
    return json.dumps(payload, ensure_ascii=False).encode()


async def send_error(send, status: int, code: ErrorCode, message: str, headers: list | None = None) -> None:
    body = error_body(code, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    def __init__(self, app, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_multipart_bytes = max_upload_bytes + MULTIPART_FORM_ALLOWANCE

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/")
        limit = self.max_multipart_bytes if multipart else self.max_body_bytes
        too_large = f"{DEFAULT_MESSAGES[ErrorCode.REQUEST_TOO_LARGE]}：最多 {limit} 字节"
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                message = f"{DEFAULT_MESSAGES[ErrorCode.BAD_REQUEST]}：Content-Length 无效"
                return await send_error(send, 400, ErrorCode.BAD_REQUEST, message)
            if size > limit:
                return await send_error(send, 413, ErrorCode.REQUEST_TOO_LARGE, too_large)

        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if started:  # cannot happen for GraphQL (it answers after reading); nothing sensible left to send
                raise
            await send_error(send, 413, ErrorCode.REQUEST_TOO_LARGE, too_large)
