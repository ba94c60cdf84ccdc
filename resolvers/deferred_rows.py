"""Append-only rows (audit entries, outbox events) written together at the end of a mutation's transaction.

A signing writes four audit entries and two events; one INSERT each instead of one per row saves four round
trips on the hot path (issue 9). Nothing reads these rows back inside the transaction that writes them, and
they commit or roll back with it exactly as before: `collect` flushes them as the transaction's last statements,
and a failure drops them with everything else. Outside `collect` (tests, scripts, the dispatcher's own
transactions) a row is written at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextvars import ContextVar

from tortoise.models import Model

_pending: ContextVar[list[Model] | None] = ContextVar("deferred_rows", default=None)


def defer(row: Model) -> bool:
    """Queues the unsaved row if a batch is open; False: the caller saves it now."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.append(row)
    return True


async def flush() -> None:
    """Writes what is queued, one INSERT per table in order of first appearance, and empties the queue."""
    pending = _pending.get()
    if not pending:
        return
    by_model: dict[type[Model], list[Model]] = {}
    for row in pending:
        by_model.setdefault(type(row), []).append(row)
    pending.clear()
    for model, rows in by_model.items():
        if len(rows) == 1:
            await rows[0].save()
        else:
            await model.bulk_create(rows)


@contextlib.asynccontextmanager
async def collect() -> AsyncIterator[None]:
    """Inside a transaction: rows deferred in the block are written when it ends without an error."""
    if _pending.get() is not None:  # already collecting for an enclosing block: it flushes
        yield
        return
    token = _pending.set([])
    try:
        yield
        await flush()
    finally:
        _pending.reset(token)
