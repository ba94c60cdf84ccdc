"""`node(id:)`: rows by primary key, each only if the viewer may see it (`authz.can_view`)."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.models import Model

from resolvers import authz
from resolvers.context import Context


def _pks(node_ids: Iterable[str]) -> list[int]:
    pks = []
    for raw in node_ids:
        try:
            pks.append(int(raw))
        except ValueError:
            pks.append(-1)
    return pks


async def visible(ctx: Context, model: type[Model], node_ids: Iterable[str]) -> list[Model | None]:
    """One row per id, in order; None where there is none or the viewer may not see it."""
    rows = await ctx.loaders.by_id(model).load_many(_pks(node_ids))
    return [row if row is not None and await authz.can_view(ctx.viewer, row) else None for row in rows]
