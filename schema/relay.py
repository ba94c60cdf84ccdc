"""Relay conventions: `Node` with global IDs, and connections of the pages `resolvers/paging.py` reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info

from resolvers import nodes
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.nodes import parse_pk
from resolvers.paging import Page, cursor_of

if TYPE_CHECKING:
    from tortoise.models import Model

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
        rows = await cls.visible_rows(info.context, node_ids)
        return [cls.from_row(row) if row is not None else None for row in rows]

    @classmethod
    async def visible_rows(cls, ctx: Context, node_ids: Iterable[str]) -> list[Model | None]:
        """The rows `node(id:)` shows; a type whose reading has a rule of its own overrides this."""
        return await nodes.visible(ctx, cls.model, node_ids)


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
    _page: strawberry.Private[Any] = None

    @strawberry.field(description="符合条件的总数")
    async def total_count(self) -> int:
        return await self._page.total_count()

    @classmethod
    def of(cls, page: Page, node_type: type[ModelNode]) -> Connection:
        edges = [Edge(cursor=cursor_of(row.pk), node=node_type.from_row(row)) for row in page.rows]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            _page=page,
        )
