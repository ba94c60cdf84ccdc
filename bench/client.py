"""A minimal HTTP/1.1 keep-alive client for the load: one persistent connection per worker.

httpx tops out at about 250 requests/s on this 2-core machine however many connections it has (measured against
a Starlette handler that answers `{}` at 6,000 requests/s through this client), so it would measure itself, not
the servers. This client sends a JSON POST and reads a Content-Length answer, nothing more.
"""

from __future__ import annotations

import asyncio
import json


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, payload: dict, token: str | None = None) -> tuple[int, dict | None]:
        body = json.dumps(payload).encode()
        auth = f"authorization: Bearer {token}\r\n" if token else ""
        head = (f"POST {path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\ncontent-type: application/json\r\n"
                f"{auth}content-length: {len(body)}\r\n\r\n").encode()
        status, data = await self._exchange(head + body)
        try:
            return status, json.loads(data)
        except ValueError:
            return status, None

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        data = await self._reader.readexactly(int(headers["content-length"]))
        if headers.get("connection") == "close":
            await self.close()
        return status, data

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
