"""One mutation, one transaction: its change, audit entry and outbox event commit together or not at all."""

from __future__ import annotations

from tortoise.transactions import in_transaction


def atomic():
    """The transaction a mutation runs in (`schema/mutation.run`)."""
    return in_transaction()
