"""A graduate applies to a position (S1, X2); the employer then reads the resume among its applicants."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models import Application, Position
from resolvers import audit, authz, events
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.positions.open_window import takes_applications
from resolvers.viewer import Role


async def apply(ctx: Context, position_id: int) -> Application:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    position = await Position.get_or_none(id=position_id)
    if position is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="positionId")
    if not takes_applications(position):
        raise DomainError(ErrorCode.POSITION_CLOSED, field="positionId")
    try:
        # The unique (graduate, position) constraint decides, so two racing submissions make one application.
        application = await Application.create(graduate_id=ctx.viewer.id, position_id=position.id)
    except IntegrityError:
        raise DomainError(ErrorCode.ALREADY_APPLIED, field="positionId") from None
    await audit.record(ctx, AuditAction.APPLICATION_CREATED, "application", application.id,
                       school_id=ctx.viewer.school_id,
                       department_id=ctx.viewer.department_id, after={"position_id": position.id})
    await events.application_received(application, position, ctx.viewer.name)
    return application
