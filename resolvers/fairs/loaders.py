"""The DataLoaders of fair pages: each relation of a page of fairs costs one statement whatever the page's size."""

from __future__ import annotations

from collections import defaultdict

from strawberry.dataloader import DataLoader

from models import FairApplication, FairRegistration
from resolvers.context import Context


def exhibitors(ctx: Context) -> DataLoader[int, list[FairApplication]]:
    """The approved applications of many fairs, in the order they applied."""
    async def load(fair_ids: list[int]) -> list[list[FairApplication]]:
        grouped: dict[int, list[FairApplication]] = defaultdict(list)
        for row in await FairApplication.filter(fair_id__in=set(fair_ids), state="approved").order_by("id"):
            grouped[row.fair_id].append(row)
        return [grouped.get(k, []) for k in fair_ids]

    return ctx.loaders.named("fair_exhibitors", load)


def own_registrations(ctx: Context) -> DataLoader[int, FairRegistration | None]:
    """The viewing graduate's own registration of each of many fairs."""
    graduate_id = ctx.viewer.id

    async def load(fair_ids: list[int]) -> list[FairRegistration | None]:
        rows = {r.fair_id: r for r in await FairRegistration.filter(fair_id__in=set(fair_ids),
                                                                     graduate_id=graduate_id)}
        return [rows.get(k) for k in fair_ids]

    return ctx.loaders.named("own_fair_registrations", load)
