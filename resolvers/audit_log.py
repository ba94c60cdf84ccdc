"""Reading the audit log (issue 2 §10): staff only, each within their scope (R2); resolvers/audit.py writes it."""

from __future__ import annotations

import re

from tortoise.queryset import QuerySet

from models import AuditEntry
from resolvers import authz, paging
from resolvers.audit_actions import AuditAction
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Viewer


def subject_type_of(type_name: str) -> str:
    """The audited subject type of a GraphQL type: CorrectionRequest -> correction_request."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type_name).lower()


def type_name_of(subject_type: str) -> str:
    return "".join(part.capitalize() for part in subject_type.split("_"))


def visible_entries(viewer: Viewer, *, subject_type: str | None = None, subject_id: int | None = None,
                    action: str | None = None) -> QuerySet[AuditEntry]:
    authz.require_staff(viewer)
    qs = authz.scope_by_school(viewer, AuditEntry.all())
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    if action:
        qs = qs.filter(action__in=_action(action).stored_names())
    return qs


def _action(name: str) -> AuditAction:
    """The filter takes an action's current name or the one it had before the past-tense renaming, and finds
    the entries written under either; an unknown name is refused rather than answered with an empty log."""
    action = AuditAction.named(name.strip())
    if action is None:
        raise DomainError(ErrorCode.INVALID_INPUT, f"没有名为「{name[:64]}」的操作", ["filter", "action"])
    return action


async def entries(viewer: Viewer, *, subject_type: str | None, subject_id: int | None, action: str | None,
                  first: int | None, after: str | None) -> paging.Page:
    """The `auditLog` query: newest first."""
    qs = visible_entries(viewer, subject_type=subject_type, subject_id=subject_id, action=action)
    return await paging.page(qs, first=first, after=after, newest_first=True)
