from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.types import Info

from resolvers import audit_log
from resolvers.errors import DomainError, ErrorCode
from resolvers.nodes import parse_pk
from schema import access
from schema.audit_log.types import AuditEntryNode, AuditLogFilter
from schema.relay import Connection


def _subject(global_id: strawberry.ID) -> tuple[str, int]:
    try:
        gid = relay.GlobalID.from_id(global_id)
        pk = parse_pk(gid.node_id)
        if pk is None:
            raise ValueError
        return audit_log.subject_type_of(gid.type_name), pk
    except (ValueError, TypeError):
        raise DomainError(ErrorCode.INVALID_ID, field=["filter", "subjectId"]) from None


@strawberry.type
class Query:
    @access.query("审计日志，最新的在前：学校管理员本校，院系老师本院系，省厅本省院校", roles=access.STAFF,
                  errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT])
    async def audit_log(
        self, info: Info, filter: AuditLogFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[AuditEntryNode]:
        f = filter or AuditLogFilter()
        subject_type, subject_id = _subject(f.subject_id) if f.subject_id else (f.subject_type, None)
        page = await audit_log.entries(info.context.viewer, subject_type=subject_type, subject_id=subject_id,
                                       action=f.action, first=first, after=after)
        return Connection.of(page, AuditEntryNode)
