"""Printing an approved agreement (P2, S8): a link to its stored PDF, recorded and counted (P1)."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import F

from models import Agreement, AgreementPrint, StoredFile
from pdf import agreements as agreement_pdfs
from resolvers import audit, authz, file_links
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role
from server import clock

FIELD = "agreementId"


async def print_agreement(ctx: Context, agreement_id: int) -> tuple[Agreement, file_links.Link]:
    agreement, stored = await record_print(ctx, agreement_id)
    return agreement, file_links.link(ctx, stored.id)


async def record_print(ctx: Context, agreement_id: int, **audited: Any) -> tuple[Agreement, StoredFile]:
    """The print itself, whoever hands the file out: checked, counted, recorded and audited (`audited` adds to
    the audit entry, e.g. the scan-to-print code it went through)."""
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE, Role.EMPLOYER, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    agreement = await Agreement.get_or_none(id=agreement_id)
    if agreement is None or not authz.can_print_agreement(viewer, agreement):
        if agreement is not None and authz.works_at_school(viewer, agreement.school_id):
            raise DomainError(ErrorCode.PERMISSION_DENIED, "只能打印本院系毕业生的协议书", FIELD)
        raise DomainError(ErrorCode.NOT_FOUND, field=FIELD)
    if agreement.state not in agreement_pdfs.PRINTABLE:
        raise DomainError(ErrorCode.AGREEMENT_NOT_PRINTABLE, field=FIELD)  # S8
    stored = await agreement_pdfs.stored_document(agreement)
    if stored is None:
        raise DomainError(ErrorCode.AGREEMENT_DOCUMENT_NOT_READY, field=FIELD)
    now = clock.now()
    # Counted in the database, not read-then-written: concurrent prints each add one. Conditional on the
    # state, so a print racing a termination or a voiding that commits first is refused, not counted.
    counted = await Agreement.filter(id=agreement.id, state__in=agreement_pdfs.PRINTABLE).update(
        print_count=F("print_count") + 1, last_printed_at=now)
    if not counted:
        raise DomainError(ErrorCode.AGREEMENT_NOT_PRINTABLE, field=FIELD)
    await AgreementPrint.create(agreement_id=agreement.id, actor_kind=viewer.actor_kind, actor_id=viewer.id,
                                actor_name=viewer.name[:64], document_id=stored.id, printed_at=now)
    await agreement.refresh_from_db()
    await audit.record(ctx, AuditAction.AGREEMENT_PRINTED, "agreement", agreement.id,
                       school_id=agreement.school_id, department_id=agreement.department_id,
                       after={"print_count": agreement.print_count, "document_id": stored.id, **audited})
    return agreement, stored
