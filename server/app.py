"""ASGI application: GraphQL over HTTP and websockets, health and readiness probes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL
from tortoise import connections

from notifications import hub, worker
from notifications.bus import get_bus, reset_bus
from resolvers.context import Context
from resolvers.errors import DEFAULT_MESSAGES, ErrorCode
from resolvers.offline import stamped
from resolvers.viewer import ANONYMOUS
from schema.root import build_schema
from server import (
    agreement_upload,
    auth,
    db,
    downloads,
    file_storage,
    graphiql,
    official_account,
    print_page,
    verification,
    websocket,
)
from server.body_limits import BodyLimitMiddleware, error_body
from server.logs import RequestIdMiddleware
from server.settings import get_settings

log = logging.getLogger(__name__)


class WangqianGraphQL(GraphQL):
    """Strawberry's view, answering every refusal in the GraphQL error shape with a stable code.

    Authentication happens after the body is read and parsed (by then BodyLimitMiddleware has bounded it), so an
    oversized or malformed request costs no database lookup. A token that is sent but cannot be honoured refuses
    the whole request with 401 and a code saying why (TOKEN_EXPIRED, TOKEN_REVOKED, TOKEN_INVALID): the caller
    believed it was signed in and must log in again, not be served as anonymous.
    """

    graphql_transport_ws_handler_class = websocket.TransportWSHandler
    graphql_ws_handler_class = websocket.LegacyWSHandler

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except auth.TokenRefused as e:
            response = refusal(401, e.code, str(e), {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        except HTTPException as e:
            code = ErrorCode.NOT_FOUND if e.status_code == 404 else ErrorCode.BAD_REQUEST
            response = refusal(e.status_code, code, f"{DEFAULT_MESSAGES[code]}：{e.reason}")
        await response(scope, receive, send)

    async def on_ws_connect(self, context: Context) -> None:
        """A websocket signs in once, with the token in connection_init's payload (or, from a client that can set
        handshake headers, such as wx.connectSocket, the handshake's Authorization header; the payload wins);
        refused (TokenRefused) without one, except the print page's connection (scan-to-print, P2), opened with
        its print code alone. See server/websocket.py for how a refusal is closed."""
        handshake = context.request.headers.get("authorization") if context.request is not None else None
        token = auth.bearer_of_params(context.connection_params) or auth.bearer(handshake)
        if not token:
            await websocket.open_print_page(context)
            return
        context.viewer, context.expires_at = await auth.session_from_token(token)

    async def get_context(self, request, response=None) -> Context:
        state = request.scope.get("state") or {}
        # HTTP requests authenticate in execute_operation, once the body is read; a websocket in on_ws_connect.
        return Context(viewer=ANONYMOUS, client_ip=_client_ip(request),
                       request_id=state.get("request_id", ""), request=request, response=response)

    async def execute_operation(self, request, request_adapter, request_data, context, root_value, sub_response):
        context.viewer = await auth.viewer_from_token(auth.bearer(request.headers.get("authorization")))
        if context.viewer.row is not None:  # the viewer's own row, read once (e.g. a reviewer's name on a decision)
            context.loaders.by_id(type(context.viewer.row)).prime(context.viewer.id, context.viewer.row)
        return await super().execute_operation(request, request_adapter, request_data, context, root_value,
                                               sub_response)

    async def parse_http_body(self, request):
        try:
            data = await super().parse_http_body(request)
        except HTTPException:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
            # A body that parses as JSON but is not an operation object, a malformed multipart form.
            raise HTTPException(400, "request body is not a GraphQL operation") from e
        return data

    def decode_json(self, data: str | bytes) -> object:
        try:
            return json.loads(data)
        except (ValueError, RecursionError) as e:  # bad JSON, invalid UTF-8, nesting deeper than the parser
            raise HTTPException(400, "Unable to parse request body as JSON") from e

    async def render_graphql_ide(self, request) -> HTMLResponse:
        return HTMLResponse(graphiql.page(), headers={"Content-Security-Policy": graphiql.CSP})


def _client_ip(request) -> str:
    # Behind a proxy uvicorn's --proxy-headers already rewrote the client from X-Forwarded-For.
    return request.client.host if request.client else ""


def refusal(status: int, code: ErrorCode, message: str, headers: dict | None = None) -> Response:
    return Response(error_body(code, message), status_code=status, media_type="application/json", headers=headers)


async def healthz(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(_: Request) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["database"] = "ok"
    except Exception as e:  # any failure means "not ready"
        checks["database"] = f"error: {type(e).__name__}"
    if get_settings().redis_url:
        checks["redis"] = "ok" if await get_bus().ping() else "error"
    try:
        checks["files"] = "ok" if await file_storage.storage().ready() else "error: not writable"
    except Exception as e:  # a missing bucket, refused credentials, an unreachable store
        checks["files"] = f"error: {type(e).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)


def create_app(*, manage_database: bool = True, run_dispatcher: bool = True) -> Starlette:
    """manage_database=False lets tests own the database lifecycle; run_dispatcher=False runs no background
    work (tests call it themselves), as WANGQIAN_IN_PROCESS_WORKER=false does."""
    settings = get_settings()
    settings.check_production()
    tools = settings.developer_tools
    graphql = WangqianGraphQL(build_schema(settings), graphql_ide="graphiql" if tools else None,
                              multipart_uploads_enabled=True)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if manage_database:
            await db.init(apply_migrations=settings.is_sqlite)
        hub.get_hub().start()  # with Redis: listening before the first client subscribes
        if manage_database:  # a server process of its own (tests own theirs)
            # What start-up loaded (modules, the schema, the ORM; 170,000 objects) lives as long as the process:
            # out of the cyclic collector, whose full passes would otherwise walk it each time (about 0.2 s, every
            # live stream of the process stopped meanwhile).
            gc.freeze()
        if tools and not graphiql.is_ready():
            asyncio.get_running_loop().run_in_executor(None, graphiql.fetch_quietly)
        # The outbox dispatcher, the S4 expiry sweep and deliveries (notifications/worker.py), unless a separate
        # `wangqian worker` runs them (serve --no-worker); any process may run them, each claims rows atomically.
        tasks = worker.start() if run_dispatcher and settings.in_process_worker else []
        try:
            yield
        finally:
            await worker.stop(tasks)
            await hub.reset_hub()
            await reset_bus()
            if manage_database:
                await db.close()

    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        # P3: public, no account; the token in the path is all it reads.
        Route("/verify/{token}", verification.page, methods=["GET"]),
        # P2: scan-to-print, for a print room's PC; no account, each load a new one-time code.
        Route("/print", print_page.page, methods=["GET"]),
        # F1: the employer's one-time upload link (SMS), no account; the token in the path is all it reads.
        Route(stamped.LINK_PATH + "{token}", agreement_upload.page, methods=["GET", "POST"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/files/{file_id:int}", downloads.download, methods=["GET", "HEAD"]),
        WebSocketRoute("/graphql", graphql),
        Route("/wechat/official-account", official_account.push, methods=["GET", "POST"]),
    ]
    if tools:
        routes.append(Mount(graphiql.ASSETS_URL, StaticFiles(directory=graphiql.assets_dir(), check_dir=False)))
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestIdMiddleware),
            Middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.upload_max_bytes),
        ],
        lifespan=lifespan,
    )
