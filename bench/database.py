"""The benchmark's private PostgreSQL database and bulk copies of rows the product made.

Rows are copied server-side (INSERT ... SELECT from one template row the production code made), so a dataset of
hundreds of thousands of rows is seeded in seconds and has the product's own shape.
"""

from __future__ import annotations

import base64
import os
import uuid

import asyncpg

ADMIN_URL = os.environ.get("WQ_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def private_url() -> tuple[str, str]:
    """(name, tortoise URL) of a fresh private database beside ADMIN_URL."""
    name = f"wq_bench_{uuid.uuid4().hex[:8]}"
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://", 1)
    return name, f"{base}/{name}"


def set_keys() -> None:
    """Production mode refuses to start without keys; the benchmark makes throwaway ones."""
    os.environ.setdefault("WANGQIAN_SECRET_KEY", base64.b64encode(os.urandom(48)).decode())
    os.environ.setdefault("WANGQIAN_DATA_KEY", base64.b64encode(os.urandom(32)).decode())


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def columns(conn: asyncpg.Connection, table: str) -> list[str]:
    rows = await conn.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
                            "AND column_name <> 'id' ORDER BY ordinal_position", table)
    return [r["column_name"] for r in rows]


async def clone(conn: asyncpg.Connection, table: str, template_id: int, *, source: str, overrides: dict[str, str],
                where: str = "", args: tuple = ()) -> int:
    """Copy the row `template_id` of `table` once per row of `source` (a FROM clause aliased `s`), every column
    as the template (`t`) has it except `overrides` (SQL expressions over `t` and `s`). Returns the rows made."""
    cols = await columns(conn, table)
    exprs = [overrides.get(c, f't."{c}"') for c in cols]
    sql = (f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}) '
           f'SELECT {", ".join(exprs)} FROM "{table}" t, {source} WHERE t.id = $1{" AND " + where if where else ""}')
    status = await conn.execute(sql, template_id, *args)
    return int(status.split()[-1])
