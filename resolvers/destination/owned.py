"""The graduate's own registration, and the states in which it may still change."""

from __future__ import annotations

from models import Destination
from resolvers import authz
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role

# Before review the submitter may still change the record; from the first approval on it is locked (D3).
EDITABLE = ("draft", "returned")


async def own(ctx: Context, destination_id: int) -> Destination:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    destination = await Destination.get_or_none(id=destination_id)
    if destination is None or not authz.owns_graduate_row(ctx.viewer, destination):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return destination
