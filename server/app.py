"""ASGI application: GraphQL over HTTP and websockets, health and readiness probes."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from tortoise import connections

from notifications import dispatcher
from notifications.bus import get_bus, reset_bus
from resolvers.context import Context
from resolvers.signing import expiry
from schema.root import schema
from server import auth, db
from server.logs import RequestIdMiddleware
from server.settings import get_settings

log = logging.getLogger(__name__)


class WangqianGraphQL(GraphQL):
    async def get_context(self, request, response=None) -> Context:
        state = request.scope.get("state") or {}
        token = auth.bearer(request.headers.get("authorization"))
        return Context(
            viewer=await auth.viewer_from_token(token),
            client_ip=_client_ip(request),
            request_id=state.get("request_id", ""),
            request=request,
            response=response,
        )


def _client_ip(request) -> str:
    # Behind a proxy uvicorn's --proxy-headers already rewrote the client from X-Forwarded-For.
    return request.client.host if request.client else ""


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
    graphql = WangqianGraphQL(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if manage_database:
            await db.init(apply_migrations=settings.is_sqlite)
        # The outbox dispatcher and the S4 expiry sweep; any process may run them, each claims rows atomically.
        tasks = [asyncio.create_task(run()) for run in (dispatcher.run_forever, expiry.run_forever)
                 if run_dispatcher]
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

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ],
        middleware=[Middleware(RequestIdMiddleware)],
        lifespan=lifespan,
    )
