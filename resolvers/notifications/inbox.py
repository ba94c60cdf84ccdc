"""The signed-in user's inbox: their own notifications only, newest first, paged on the sequence."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from models import Notification
from resolvers import paging
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from server import clock


def recipient_of(ctx: Context) -> tuple[str, int]:
    viewer = ctx.viewer
    return ("staff" if viewer.is_staff else viewer.role.value), viewer.id


def mine(ctx: Context) -> QuerySet:
    kind, rid = recipient_of(ctx)
    return Notification.filter(recipient_kind=kind, recipient_id=rid)


async def visible(ctx: Context, sequences: list[int | None]) -> list[Notification | None]:
    """`node(id:)`: a notification is visible to its recipient only."""
    if not ctx.viewer.is_authenticated:
        return [None for _ in sequences]
    rows = {n.sequence: n for n in await mine(ctx).filter(sequence__in=[s for s in sequences if s])}
    return [rows.get(s) for s in sequences]


async def my_notifications(ctx: Context, *, unread_only: bool, first: int | None,
                           after: str | None) -> paging.Page:
    qs = mine(ctx)
    if unread_only:
        qs = qs.filter(read_at=None)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def unread_count(ctx: Context) -> int:
    return await mine(ctx).filter(read_at=None).count()


async def mark_read(ctx: Context, sequences: list[int]) -> list[Notification]:
    """Marks the given notifications read; one that is not the viewer's is NOT_FOUND and nothing is marked."""
    rows = {n.sequence: n for n in await mine(ctx).filter(sequence__in=sequences)}
    missing = [i for i, s in enumerate(sequences) if s not in rows]
    if missing:
        raise DomainError(ErrorCode.NOT_FOUND, field=["ids", str(missing[0])])
    await mine(ctx).filter(sequence__in=sequences, read_at=None).update(read_at=clock.now())
    return list(await mine(ctx).filter(sequence__in=sequences).order_by("-sequence"))


async def mark_all_read(ctx: Context, up_to: int | None) -> int:
    """Marks every unread notification read, or those up to the one the client last showed; returns how many."""
    qs = mine(ctx).filter(read_at=None)
    if up_to is not None:
        qs = qs.filter(sequence__lte=up_to)
    return await qs.update(read_at=clock.now())
