"""Hand-written statements with named parameters, for the few steps the ORM would spread over several round trips
or could not make atomic (an upsert that returns its row, a CTE)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from tortoise import connections


def dialect() -> str:
    return connections.get("default").capabilities.dialect


@cache
def _compiled(sql: str, sqlite: bool) -> tuple[str, tuple[str, ...]]:
    names: list[str] = []

    def placeholder(match: re.Match) -> str:
        name = match.group(1)
        if sqlite:
            names.append(name)
            return "?"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    # `::type` casts are PostgreSQL's, not parameters.
    return re.sub(r"(?<!:):(\w+)", placeholder, sql), tuple(names)


async def rows(sql: str, **params) -> list[dict]:
    """`:name` parameters, written as each dialect wants them (`?` in order on SQLite, `$n` on PostgreSQL), in
    the caller's transaction if there is one."""
    conn = connections.get("default")
    text, names = _compiled(sql, conn.capabilities.dialect == "sqlite")
    return await conn.execute_query_dict(text, [params[n] for n in names])


def timestamp(value: dt.datetime):
    """A timestamp parameter as the dialect's column holds it (tortoise stores SQLite datetimes as ISO text)."""
    return value if dialect() == "postgres" else value.isoformat(sep=" ")


def day(value: dt.date):
    return value if dialect() == "postgres" else value.isoformat()
