"""A GraphQL-over-websocket client for tests, speaking graphql-transport-ws or the legacy graphql-ws protocol to a
real server (tests/live_server.py). The token goes in `connection_init`'s payload, as the SPA and the
mini-program send it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import websockets

TRANSPORT_WS, LEGACY_WS = "graphql-transport-ws", "graphql-ws"


class Closed(Exception):
    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"closed {code}: {reason}")
        self.code, self.reason = code, reason
        self.message: dict | None = None  # the legacy protocol's connection_error, when there was one


class Stream:
    def __init__(self, ws, protocol: str) -> None:
        self.ws, self.protocol = ws, protocol

    async def next(self, wait: float = 10.0) -> dict[str, Any]:
        """The next `data` of the operation; raises Closed when the server ends the connection, and
        AssertionError on an operation error (its payload) or when nothing arrives in time."""
        while True:
            try:
                raw = await asyncio.wait_for(self.ws.recv(), wait)
            except websockets.ConnectionClosed as e:
                raise Closed(e.rcvd.code if e.rcvd else None, e.rcvd.reason if e.rcvd else "") from None
            message = json.loads(raw)
            kind = message.get("type")
            if kind in ("next", "data"):
                payload = message["payload"]
                if payload.get("errors"):
                    raise OperationError(payload["errors"])
                return payload["data"]
            if kind == "error":
                raise OperationError(message["payload"])
            if kind == "complete":
                raise Completed()
            if kind == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))

    async def nothing(self, seconds: float = 0.5) -> None:
        """Asserts that no event arrives within `seconds`."""
        with contextlib.suppress(TimeoutError):
            got = await self.next(wait=seconds)
            raise AssertionError(f"unexpected event: {got}")


class OperationError(AssertionError):
    def __init__(self, errors: Any) -> None:
        super().__init__(f"operation error: {errors}")
        self.errors = errors
        codes = [((e.get("extensions") or {}).get("code")) for e in errors] if isinstance(errors, list) else []
        self.codes = codes


class Completed(Exception):
    pass


@contextlib.asynccontextmanager
async def subscribe(base_url: str, token: str | None, query: str, variables: dict | None = None, *,
                    protocol: str = TRANSPORT_WS, init: dict | None = None) -> AsyncIterator[Stream]:
    """`init`: connection_init's payload instead of the token's (the print page's `{"printCode": ...}`)."""
    url = base_url.replace("http://", "ws://") + "/graphql"
    # Also in the handshake's header, which a server reading the token only there still honours.
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with websockets.connect(url, subprotocols=[protocol], open_timeout=10, additional_headers=headers) as ws:
        payload = init if init is not None else {"Authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        stream = Stream(ws, protocol)
        try:
            ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        except websockets.ConnectionClosed as e:
            raise Closed(e.rcvd.code if e.rcvd else None, e.rcvd.reason if e.rcvd else "") from None
        if ack.get("type") != "connection_ack":
            # The legacy protocol says why in a connection_error, then closes: both are kept.
            refused = Closed(None, json.dumps(ack, ensure_ascii=False))
            with contextlib.suppress(TimeoutError):
                try:
                    await asyncio.wait_for(ws.recv(), 10)
                except websockets.ConnectionClosed as e:
                    refused = Closed(e.rcvd.code if e.rcvd else None, e.rcvd.reason if e.rcvd else "")
            refused.message = ack
            raise refused
        start = "subscribe" if protocol == TRANSPORT_WS else "start"
        await ws.send(json.dumps({"type": start, "id": "1",
                                  "payload": {"query": query, "variables": variables or {}}}))
        yield stream
