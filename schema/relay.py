"""Relay conventions: `Node` with global IDs, and connections paged by keyset cursors (max 100)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Self, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers import authz
from resolvers.errors import DomainError, ErrorCode

MAX_PAGE = 100
DEFAULT_PAGE = 20
# Primary keys are 32-bit database integers: a larger number names no row and must not reach the driver
# (PostgreSQL answers "value out of int32 range", SQLite overflows).
MAX_PK = 2**31 - 1
_PK = re.compile(r"[1-9][0-9]{0,9}")

N = TypeVar("N")


class ModelNode(relay.Node):
    """A GraphQL object backed by one tortoise row. Plain fields are copied from the row by name."""

    model: ClassVar[type[Model]]
    _row: strawberry.Private[Any] = None

    @classmethod
    def from_row(cls, row: Model) -> Self:
        definition = cls.__strawberry_definition__
        values = {
            f.python_name: getattr(row, f.python_name)
            for f in definition.fields
            if f.base_resolver is None and hasattr(row, f.python_name)
        }
        node = cls(**values)
        node._row = row
        return node

    @classmethod
    async def resolve_nodes(cls, *, info: Info, node_ids: Iterable[str], required: bool = False):
        viewer = info.context.viewer
        ids = [parse_pk(raw) for raw in node_ids]
        if any(pk is None for pk in ids):
            raise DomainError(ErrorCode.INVALID_ID, "编号无效", "id")
        rows = await info.context.loaders.by_id(cls.model).load_many(ids)
        out = []
        for row in rows:
            out.append(cls.from_row(row) if row is not None and await authz.can_view(viewer, row) else None)
        return out


async def resolve_global_id(info: Info, global_id: str, field: str = "id") -> ModelNode | None:
    """`node(id:)`: an id that is not ours (garbage, an unknown type, a number out of range) is INVALID_ID."""
    try:
        gid = relay.GlobalID.from_id(global_id)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_ID, "编号无效", field) from None
    definition = info.schema.get_type_by_name(gid.type_name)
    node_type = getattr(definition, "origin", None)
    if not (isinstance(node_type, type) and issubclass(node_type, ModelNode)):
        raise DomainError(ErrorCode.INVALID_ID, "编号无效", field)
    return (await node_type.resolve_nodes(info=info, node_ids=[gid.node_id]))[0]


def parse_pk(raw: object) -> int | None:
    """The primary key a global id's node part names, or None: digits only, within the database's range."""
    text = str(raw)
    if not _PK.fullmatch(text):
        return None
    pk = int(text)
    return pk if pk <= MAX_PK else None


def decode_id(global_id: relay.GlobalID | str, expected: type | str, field: str = "id") -> int:
    """The database id inside a global ID, refusing an ID of another type."""
    name = expected if isinstance(expected, str) else expected.__strawberry_definition__.name
    try:
        gid = global_id if isinstance(global_id, relay.GlobalID) else relay.GlobalID.from_id(global_id)
        pk = parse_pk(gid.node_id)
        if gid.type_name != name or pk is None:
            raise ValueError
        return pk
    except (ValueError, TypeError):
        raise DomainError(ErrorCode.INVALID_ID, f"编号无效，应为 {name} 的编号", field) from None


def encode_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    _count_query: strawberry.Private[Any] = None

    @strawberry.field(description="符合条件的总数")
    async def total_count(self) -> int:
        return await self._count_query.count()


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"k:{pk}".encode()).decode()


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


async def paginate(
    qs: QuerySet,
    node_type: type[ModelNode],
    *,
    first: int | None,
    after: str | None,
    newest_first: bool = False,
) -> Connection:
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
    has_next = len(rows) > size
    rows = rows[:size]
    edges = [Edge(cursor=_cursor(r.pk), node=node_type.from_row(r)) for r in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after_pk is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count_query=qs,
    )
