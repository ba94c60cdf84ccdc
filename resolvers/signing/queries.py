"""What graduates and employers read of invitations: their lists (S1-S6), the QR card (S3), and S4 at read
time — what the reader sees past its deadline is already expired, once the reader is known to be allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from models import Department, Graduate, InterviewInvitation, Major, School, SigningInvitation
from pdf import qr
from resolvers import authz, nodes, paging
from resolvers.context import Context
from resolvers.signing import expiry, qr_card
from resolvers.viewer import Role
from server import clock


def _filtered(qs: QuerySet, state: str | None, method: str | None = None, position_id: int | None = None):
    if state is not None:
        qs = qs.filter(state=state)
    if method is not None:
        qs = qs.filter(method=method)
    if position_id is not None:
        qs = qs.filter(position_id=position_id)
    return qs


async def signing_invitations(ctx: Context, role: Role, *, state: str | None, method: str | None,
                              first: int | None, after: str | None) -> paging.Page:
    """The graduate's received or the employer's sent signing invitations, newest first."""
    viewer = ctx.viewer
    authz.require_role(viewer, role)
    qs = _filtered(authz.scope_invitations(viewer, SigningInvitation.all()), state, method)
    # S4 at read time: what the reader sees past its deadline is already expired.
    await expiry.expire_due(clock.now(), **({"graduate_id": viewer.id} if role is Role.GRADUATE
                                             else {"employer_id": viewer.id}))
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def interview_invitations(ctx: Context, role: Role, *, state: str | None, position_id: int | None,
                                first: int | None, after: str | None) -> paging.Page:
    """The graduate's received or the employer's sent interview invitations, newest first."""
    authz.require_role(ctx.viewer, role)
    qs = _filtered(authz.scope_invitations(ctx.viewer, InterviewInvitation.all()), state, position_id=position_id)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def visible_signing_invitations(ctx: Context, node_ids: Iterable[str]) -> list[SigningInvitation | None]:
    """`node(id:)` of signing invitations: only those the viewer may see, and (S4) those past their deadline
    expired first — never expired by a reader who may not see them."""
    node_ids = list(node_ids)
    rows = await nodes.visible(ctx, SigningInvitation, node_ids)
    seen = [row.id for row in rows if row is not None]
    if not seen or not await expiry.expire_due(clock.now(), id__in=seen):
        return rows
    ctx.loaders.by_id(SigningInvitation).clear_many(seen)
    return await nodes.visible(ctx, SigningInvitation, node_ids)


@dataclass
class Card:
    token: str
    image_data_uri: str
    expires_at: dt.datetime


async def my_qr_card(ctx: Context) -> Card:
    """A new card on every reading (S3)."""
    authz.require_role(ctx.viewer, Role.GRADUATE)
    graduate = await ctx.loaders.get(Graduate, ctx.viewer.id)
    token, expires_at = qr_card.issue(graduate)
    return Card(token=token, image_data_uri=qr.png_data_uri(token), expires_at=expires_at)


@dataclass
class CardHolder:
    graduate: Graduate
    school: School
    department: Department
    major: Major


async def qr_card_holder(ctx: Context, token: str) -> CardHolder:
    """Whom a scanned card names: no login needed (S3)."""
    graduate, _ = await qr_card.holder(token)
    loaders = ctx.loaders
    return CardHolder(graduate=graduate, school=await loaders.get(School, graduate.school_id),
                      department=await loaders.get(Department, graduate.department_id),
                      major=await loaders.get(Major, graduate.major_id))
