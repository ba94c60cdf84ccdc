"""One mutation, one transaction: its change, audit entry and outbox event commit together or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from resolvers import files


@contextlib.asynccontextmanager
async def atomic() -> AsyncIterator[object]:
    """The transaction a mutation runs in (`schema/mutation.run`). Files stored during it live outside the
    database, so a rollback removes their bytes too."""
    async with files.removed_on_rollback(), in_transaction() as connection:
        yield connection


def joined():
    """The caller's transaction if there is one, else a new one. A nested `in_transaction` costs a SAVEPOINT and
    its RELEASE, two round trips, and buys nothing where any failure fails the whole mutation anyway."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        return contextlib.nullcontext()
    return in_transaction()
