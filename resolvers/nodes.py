"""`node(id:)`: rows by primary key, each only if the viewer may see it (`authz.can_view`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tortoise.models import Model

from resolvers import authz
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode

# Primary keys are 32-bit database integers: a larger number names no row and must not reach the driver
# (PostgreSQL answers "value out of int32 range", SQLite overflows).
MAX_PK = 2**31 - 1
_PK = re.compile(r"[1-9][0-9]{0,9}")


def parse_pk(raw: object) -> int | None:
    """The primary key a global id's node part names, or None: digits only, within the database's range."""
    text = str(raw)
    if not _PK.fullmatch(text):
        return None
    pk = int(text)
    return pk if pk <= MAX_PK else None


def _pks(node_ids: Iterable[str]) -> list[int]:
    pks = [parse_pk(raw) for raw in node_ids]
    if any(pk is None for pk in pks):
        raise DomainError(ErrorCode.INVALID_ID, "编号无效", "id")
    return pks


async def visible(ctx: Context, model: type[Model], node_ids: Iterable[str]) -> list[Model | None]:
    """One row per id, in order; None where there is none or the viewer may not see it."""
    rows = await ctx.loaders.by_id(model).load_many(_pks(node_ids))
    return [row if row is not None and await authz.can_view(ctx.viewer, row) else None for row in rows]
