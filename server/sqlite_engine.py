"""Tortoise's SQLite backend with transactions that take the write lock when they begin (BEGIN IMMEDIATE).

With several processes on one file (server, worker, tests' live servers) a deferred transaction that has read
and then writes fails at once with "database is locked" if another process wrote meanwhile: SQLite cannot
upgrade its snapshot and does not wait (the busy timeout does not apply). Taking the lock first makes it wait
its turn instead, up to the busy timeout (server/db.py).
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError


class _ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> SqliteTransactionContext:
        return SqliteTransactionContext(_ImmediateTransaction(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict) -> type[SqliteClient]:
    return ImmediateSqliteClient
