"""One mutation, one transaction: its change, audit entry and outbox event commit together or not at all."""

from __future__ import annotations

import contextlib

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction


def atomic():
    """The transaction a mutation runs in (`schema/mutation.run`)."""
    return in_transaction()


def joined():
    """The caller's transaction if there is one, else a new one. A nested `in_transaction` costs a SAVEPOINT and
    its RELEASE, two round trips, and buys nothing where any failure fails the whole mutation anyway."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        return contextlib.nullcontext()
    return in_transaction()
