"""ASGI application: GraphQL over HTTP and websockets, health and readiness probes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from tortoise import connections

from notifications import dispatcher
from notifications.bus import get_bus, reset_bus
from pdf import agreements as agreement_pdfs
from resolvers.context import Context
from resolvers.errors import DEFAULT_MESSAGES, ErrorCode
from resolvers.signing import expiry
from resolvers.viewer import ANONYMOUS
from schema.root import build_schema
from server import auth, db, graphiql, verification
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

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            return await self._websocket(scope, receive, send)
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

    async def _websocket(self, scope, receive, send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        try:
            viewer = await auth.viewer_from_token(auth.bearer(websocket.headers.get("authorization")))
        except auth.TokenRefused as e:
            # Accepted only to be closed with 4401 and the code as its reason: a refused handshake tells nothing.
            offered = scope.get("subprotocols") or []
            await websocket.accept(subprotocol=offered[0] if offered else None)
            await websocket.close(code=4401, reason=e.code.value)
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await super().__call__(scope, receive, send)

    async def get_context(self, request, response=None) -> Context:
        state = request.scope.get("state") or {}
        # HTTP requests authenticate in execute_operation, once the body is read; websockets did on connecting.
        return Context(viewer=state.get("viewer", ANONYMOUS), client_ip=_client_ip(request),
                       request_id=state.get("request_id", ""), request=request, response=response)

    async def execute_operation(self, request, request_adapter, request_data, context, root_value, sub_response):
        context.viewer = await auth.viewer_from_token(auth.bearer(request.headers.get("authorization")))
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
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)


def create_app(*, manage_database: bool = True, run_dispatcher: bool = True) -> Starlette:
    """manage_database=False lets tests own the database lifecycle."""
    settings = get_settings()
    settings.check_production()
    tools = settings.developer_tools
    graphql = WangqianGraphQL(build_schema(settings), graphql_ide="graphiql" if tools else None,
                              multipart_uploads_enabled=True)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if manage_database:
            await db.init(apply_migrations=settings.is_sqlite)
        if tools and not graphiql.is_ready():
            asyncio.get_running_loop().run_in_executor(None, graphiql.fetch_quietly)
        # The outbox dispatcher and the S4 expiry sweep; any process may run them, each claims rows atomically.
        # The agreement PDFs are rendered here too until `wangqian worker` runs pdf.agreements.render_pending.
        tasks = [asyncio.create_task(run()) for run in (dispatcher.run_forever, expiry.run_forever,
                                                        agreement_pdfs.run_forever) if run_dispatcher]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await reset_bus()
            if manage_database:
                await db.close()

    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        # P3: public, no account; the token in the path is all it reads.
        Route("/verify/{token}", verification.page, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
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
