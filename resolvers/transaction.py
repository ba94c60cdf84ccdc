"""One mutation, one transaction: its change, audit entry and outbox event commit together or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tortoise.transactions import in_transaction

from resolvers import files


@contextlib.asynccontextmanager
async def atomic() -> AsyncIterator[object]:
    """The transaction a mutation runs in (`schema/mutation.run`). Files stored during it live outside the
    database, so a rollback removes their bytes too."""
    async with files.removed_on_rollback(), in_transaction() as connection:
        yield connection
