"""Runs a mutation: one transaction; expected failures become payload errors; outbox flushed after commit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from strawberry.types import Info

from notifications import dispatcher
from resolvers import deferred_rows, transaction
from resolvers.errors import DomainError, DomainErrors
from schema import limits
from schema.errors import errors_of

P = TypeVar("P")


async def run(
    info: Info,
    payload: type[P],
    action: Callable[[], Awaitable[dict[str, Any] | None]],
    *,
    input: Any,
    atomic: bool = True,
) -> P:
    """`action` returns the payload's fields; raising DomainError rolls everything back.

    atomic=False is for logins: a failed attempt must still be counted by the rate limiter.
    `input` is checked against its declared bounds (schema/limits.py) before any resolver sees it.
    """
    try:
        limits.check(info, input)
        if atomic:
            async with transaction.atomic(), deferred_rows.collect():
                result = await action()
        else:
            result = await action()
    except (DomainError, DomainErrors) as e:
        return payload(errors=errors_of(e))
    dispatcher.wake()
    return payload(errors=[], **(result or {}))
