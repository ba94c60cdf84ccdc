"""GraphQL subscriptions over websockets: graphql-transport-ws and the legacy graphql-ws, one set of rules.

Signing in: the client sends its access token in `connection_init`'s payload, `{"Authorization": "Bearer <t>"}`
(`authorization` also accepted; or the handshake's Authorization header, from clients that can set one);
`WangqianGraphQL.on_ws_connect` checks it with server/auth.py like any request.
A connection without a token, or with one that is expired, revoked or invalid, is refused:
- graphql-transport-ws: closed with 4403 (the protocol's "Forbidden" for a refused connection_init), the stable
  code (UNAUTHENTICATED, TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_INVALID) as the close reason;
- graphql-ws (legacy): a `connection_error` whose payload is `{"code": ..., "message": ...}`, then the same close.

The one exception is the scan-to-print page (P2), which has no account: a connection_init without a token
whose payload is `{"printCode": "<code>"}` is accepted when the code is live (else refused as above with
PRINT_CODE_INVALID or PRINT_CODE_EXPIRED). Such a connection is anonymous and may run only the subscriptions
declared for anonymous callers (schema/access.py: `printCodeScanned`); any other operation on it, query and
mutation included, gets an operation error UNAUTHENTICATED and is not run. It lives no longer than its code
could be used.

Once connected, the connection lives no longer than its token: at the token's expiry it is closed with 4401 and
the reason TOKEN_EXPIRED; the client gets a new token and resubscribes with its last cursor. A subscription that
falls behind its bounded queue (notifications/hub.py) closes its connection with 4503 and the reason
SUBSCRIBER_TOO_SLOW; the client resubscribes with its last cursor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from graphql import FieldNode, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler

from notifications import hub
from resolvers.errors import DEFAULT_MESSAGES, DomainError, ErrorCode
from resolvers.printing import print_codes
from schema import access
from server import auth, clock

log = logging.getLogger(__name__)

REFUSED = 4403
EXPIRED = 4401
TOO_SLOW = 4503


async def open_print_page(context) -> None:
    """A connection without a token: the print page's, with a live print code, or refused (TokenRefused)."""
    code = (context.connection_params or {}).get("printCode") if isinstance(context.connection_params, dict) else None
    if not isinstance(code, str) or not code:
        raise auth.TokenRefused(ErrorCode.UNAUTHENTICATED)
    try:
        row = await print_codes.check_open(code)
    except DomainError as e:
        raise auth.TokenRefused(e.code) from None
    context.print_code = code
    context.expires_at = max(row.expires_at, clock.now()) + print_codes.lifetime()


def _anonymous_refusal(handler, query: str, operation_name: str | None) -> GraphQLError | None:
    """Why an operation may not run on the print page's anonymous connection, or None when it may: a
    subscription whose every root field is declared for anonymous callers (anything unparsable is refused too)."""
    if handler.context.print_code is None:
        return None
    allowed = getattr(handler, "_anonymous_fields", None)
    if allowed is None:
        allowed = handler._anonymous_fields = access.anonymous_subscriptions(handler.schema)
    try:
        operations = [d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode)]
    except Exception:  # a syntax error: nothing runs here that is not plainly allowed
        operations = []
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) == 1 and chosen[0].operation is OperationType.SUBSCRIPTION:
        fields = chosen[0].selection_set.selections
        if fields and all(isinstance(f, FieldNode) and f.name.value in allowed for f in fields):
            return None
    code = ErrorCode.UNAUTHENTICATED
    return GraphQLError(DEFAULT_MESSAGES.get(code, code.value), extensions={"code": code.value})


class _Lifetime:
    """What a connection needs beyond strawberry's handler: ending at the token's expiry, and being cut off when
    one of its subscriptions is too slow. Closing is done once, whichever comes first."""

    def __init__(self, handler) -> None:
        self._handler = handler
        self._tasks: set[asyncio.Task] = set()
        self._closing = False

    def begin(self, context) -> None:
        # Inherited by the tasks strawberry creates for this connection's operations (they start from this one).
        hub.on_overflow.set(self._too_slow)
        if context.expires_at is not None:
            self._spawn(self._expire_at(context.expires_at))

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _expire_at(self, when) -> None:
        await asyncio.sleep(max(0.0, (when - clock.now()).total_seconds()))
        await self.close(EXPIRED, ErrorCode.TOKEN_EXPIRED.value)

    def _too_slow(self) -> None:
        # A client that stops reading leaves every send of this connection waiting: its operations are stopped
        # now, so they hold nothing more; the close frame goes out when the client reads again, or the
        # connection dies at the next unanswered websocket ping.
        for task in self._handler.operation_tasks():
            task.cancel()
        self._spawn(self.close(TOO_SLOW, ErrorCode.SUBSCRIBER_TOO_SLOW.value))

    async def close(self, code: int, reason: str) -> None:
        if self._closing:
            return
        self._closing = True
        with contextlib.suppress(Exception):  # the client may be gone already
            await self._handler.websocket.close(code=code, reason=reason)

    def end(self) -> None:
        for task in list(self._tasks):
            task.cancel()


class TransportWSHandler(BaseGraphQLTransportWSHandler):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lifetime = _Lifetime(self)

    def operation_tasks(self) -> list[asyncio.Task]:
        return [op.task for op in self.operations.values() if op.task]

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.lifetime.end()

    async def handle_connection_init(self, message) -> None:
        try:
            await super().handle_connection_init(message)
        except auth.TokenRefused as e:
            await self.lifetime.close(REFUSED, e.code.value)
            return
        if self.connection_acknowledged:
            self.lifetime.begin(self.context)

    async def handle_subscribe(self, message) -> None:
        payload = message.get("payload") or {}
        refused = self.connection_acknowledged and _anonymous_refusal(self, payload.get("query") or "",
                                                                     payload.get("operationName"))
        if refused:
            await self.send_message({"id": message["id"], "type": "error", "payload": [refused.formatted]})
            return
        await super().handle_subscribe(message)


class LegacyWSHandler(BaseGraphQLWSHandler):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lifetime = _Lifetime(self)

    def operation_tasks(self) -> list[asyncio.Task]:
        return list(self.tasks.values())

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.lifetime.end()

    async def handle_connection_init(self, message) -> None:
        if self.connection_acknowledged:
            return  # the protocol has no answer to a second init; the first one stands
        try:
            await super().handle_connection_init(message)
        except auth.TokenRefused as e:
            await self.send_message({"type": "connection_error",
                                     "payload": {"code": e.code.value, "message": str(e)}})
            await self.lifetime.close(REFUSED, e.code.value)
            return
        if self.connection_acknowledged:
            self.lifetime.begin(self.context)

    async def handle_start(self, message) -> None:
        payload = message.get("payload") or {}
        refused = self.connection_acknowledged and _anonymous_refusal(self, payload.get("query") or "",
                                                                     payload.get("operationName"))
        if refused:
            await self.send_message({"id": message["id"], "type": "error", "payload": refused.formatted})
            return
        await super().handle_start(message)
