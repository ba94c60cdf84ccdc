"""Database configuration and lifecycle (tortoise-orm)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import tortoise.backends.sqlite.executor  # noqa: F401  (registers tortoise's adapters, which ours replaces)
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url

from server.settings import get_settings


def _sqlite_datetime(value: dt.datetime) -> str:
    """SQLite compares datetimes as text: written always in UTC and one format, text order is time order."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat(" ", timespec="microseconds")


sqlite3.register_adapter(dt.datetime, _sqlite_datetime)

APP = "wangqian"


async def _keep_session(connection) -> None:
    """Returning a connection to the pool: asyncpg has already rolled back any open transaction; its default reset
    (RESET ALL, UNLISTEN *, CLOSE ALL, advisory unlock) is one more round trip after every statement run outside
    a transaction, for session state this application never sets."""


def _connection(url: str) -> str | dict:
    if url.startswith("sqlite"):
        config = expand_db_url(url)
        # The embedded default is several processes on one file (server, worker, a batch print): a writer waits
        # for another's transaction instead of failing at once with "database is locked".
        config["credentials"].setdefault("busy_timeout", 30000)
        config["engine"] = "server.sqlite_engine"  # transactions take the write lock first (see there)
        return config
    if not url.startswith(("postgres://", "asyncpg://")):
        return url
    settings = get_settings()
    config = expand_db_url(url)
    credentials = config["credentials"]
    # A pool size or cache size written in the URL wins over the settings.
    credentials.setdefault("maxsize", settings.db_pool_size)
    credentials["minsize"] = min(int(credentials.get("minsize", 1)), int(credentials["maxsize"]))
    credentials["maxsize"] = int(credentials["maxsize"])
    credentials["statement_cache_size"] = int(credentials.get("statement_cache_size",
                                                              settings.db_statement_cache_size))
    credentials["reset"] = _keep_session
    return config


def tortoise_config(database_url: str | None = None) -> dict:
    url = database_url or get_settings().database_url
    return {
        "connections": {"default": _connection(url)},
        "apps": {
            APP: {
                "models": ["models"],
                "migrations": "models.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",  # stored in UTC; rules in Beijing time (deadlines, dates) convert explicitly
    }


class _LazyConfig(dict):
    """`tortoise` CLI reads this; it resolves DATABASE_URL when first used."""

    def __init__(self) -> None:
        super().__init__(tortoise_config())


TORTOISE_ORM = _LazyConfig()


async def migrate(database_url: str | None = None) -> None:
    from tortoise.context import TortoiseContext
    from tortoise.migrations.api import migrate as run_migrations

    # Its own context, closed on exit, so the migration run leaves no connection behind.
    async with TortoiseContext():
        await run_migrations(config=tortoise_config(database_url))


async def init(database_url: str | None = None, *, apply_migrations: bool = False) -> None:
    if apply_migrations:
        await migrate(database_url)
    # The global fallback lets request tasks, which do not inherit the lifespan's context, reach the database.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()
