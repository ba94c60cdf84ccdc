"""Queries have no payload: a refusal becomes a GraphQL error carrying the same stable code and field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphql import GraphQLError

from resolvers.errors import DomainError


@contextmanager
def refusals_as_errors() -> Iterator[None]:
    try:
        yield
    except DomainError as e:
        raise GraphQLError(e.message, extensions={"code": e.code.value, "field": e.field}) from None
