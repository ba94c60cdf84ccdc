from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models import AuditEntry
from resolvers.audit_log import type_name_of
from schema.relay import ModelNode, encode_id

_ACTOR_TYPES = {"graduate": "Graduate", "employer": "Employer", "staff": "Staff"}


@strawberry.type(description="操作者：graduate / employer / staff / system / anonymous")
class AuditActor:
    kind: str
    id: strawberry.ID | None
    name: str


@strawberry.type(name="AuditEntry", description="审计日志：谁、何时、从哪里、对什么做了什么、为什么（R3）")
class AuditEntryNode(ModelNode):
    model = AuditEntry
    id: relay.NodeID[int]
    action: str
    subject_type: str
    reason: str
    client_ip: str
    request_id: str
    created_at: dt.datetime

    @strawberry.field
    def actor(self) -> AuditActor:
        r = self._row
        type_name = _ACTOR_TYPES.get(r.actor_kind)
        gid = encode_id(type_name, r.actor_id) if type_name and r.actor_id is not None else None
        return AuditActor(kind=r.actor_kind, id=gid, name=r.actor_name)

    @strawberry.field(description="对象的全局编号（类型由 subjectType 决定）")
    def subject_id(self) -> strawberry.ID | None:
        r = self._row
        return encode_id(type_name_of(r.subject_type), r.subject_id) if r.subject_id is not None else None

    @strawberry.field(description="修改前的值；身份证号码、电话等个人信息以 *** 代替")
    def before(self) -> JSON | None:
        return self._row.before

    @strawberry.field(description="修改后的值")
    def after(self) -> JSON | None:
        return self._row.after


@strawberry.input(description="审计日志筛选条件")
class AuditLogFilter:
    subject_type: str | None = strawberry.field(default=None, description="如 graduate、correction_request、school")
    subject_id: strawberry.ID | None = strawberry.field(default=None, description="对象的全局编号")
    action: str | None = strawberry.field(default=None, description="如 correction_request.accepted（旧名也可）")
