"""Reading a list for an export: in keyset batches, so a school of 20,000 graduates is never in memory at once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

M = TypeVar("M", bound=Model)
BATCH = 500


async def keyset(qs: QuerySet[M], *, newest_first: bool = False) -> AsyncIterator[list[M]]:
    """The rows of `qs` in the order of the screen's pages (resolvers/paging), BATCH rows per query."""
    size = BATCH
    pk = qs.model._meta.pk_attr
    last = None
    while True:
        batch_qs = qs
        if last is not None:
            batch_qs = batch_qs.filter(**{f"{pk}__lt" if newest_first else f"{pk}__gt": last})
        rows = await batch_qs.order_by(f"-{pk}" if newest_first else pk).limit(size)
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = getattr(rows[-1], pk)


async def by_id(model: type[M], ids: Iterable[int | None]) -> dict[int, M]:
    """The related rows a batch names, in one query (the export's DataLoader)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.pk: row for row in await model.filter(id__in=wanted)}


def party(terms: dict[str, Any] | None, key: str) -> dict[str, Any]:
    """One party of an agreement's frozen terms ("partyA", "partyB", "articles")."""
    value = (terms or {}).get(key)
    return value if isinstance(value, dict) else {}
