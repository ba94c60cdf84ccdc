"""Keyset paging of a list query: at most 100 rows a page, stable under inserts, one query a page."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from tortoise.queryset import QuerySet

from resolvers.errors import DomainError, ErrorCode
from resolvers.nodes import parse_pk

MAX_PAGE = 100
DEFAULT_PAGE = 20


def cursor_of(pk: int) -> str:
    return base64.urlsafe_b64encode(f"k:{pk}".encode()).decode()


def key_of(cursor: str | None) -> int | None:
    """The primary key a cursor names (None for none); INVALID_ID on the `after` argument if it is not one."""
    return _after_pk(cursor)


def _after_pk(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
    except (ValueError, binascii.Error):  # not base64, not UTF-8 inside
        kind, value = "", ""
    pk = parse_pk(value) if kind == "k" else None
    if pk is None:
        raise DomainError(ErrorCode.INVALID_ID, "游标无效", "after")
    return pk


@dataclass
class Page:
    """One page of rows; `total_count` is counted only when a client asks for it."""

    rows: list[Any]
    has_next: bool
    has_previous: bool
    _all: QuerySet

    async def total_count(self) -> int:
        return await self._all.count()


async def page(qs: QuerySet, *, first: int | None, after: str | None, newest_first: bool = False) -> Page:
    """Keyset paging on the primary key: stable under inserts, one query a page whatever the offset."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise DomainError(ErrorCode.INVALID_INPUT, f"每页最多 {MAX_PAGE} 条", "first")
    after_pk = _after_pk(after)
    pk = qs.model._meta.pk_attr
    page_qs = qs
    if after_pk is not None:
        page_qs = page_qs.filter(**{f"{pk}__lt" if newest_first else f"{pk}__gt": after_pk})
    rows = await page_qs.order_by(f"-{pk}" if newest_first else pk).limit(size + 1)
    return Page(rows=rows[:size], has_next=len(rows) > size, has_previous=after_pk is not None, _all=qs)
