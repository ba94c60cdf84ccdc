"""Staff write notices and employment news, publish, pin and withdraw them (issue 12 §1); states.NOTICE."""

from __future__ import annotations

from typing import Any

from models import Department, Notice, Province, School, StoredFile
from models.codes import EDUCATION_LEVEL
from resolvers import audit, authz, events, files, uploads, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.states import NOTICE
from resolvers.viewer import Role
from server import clock

KINDS = {"notice": "通知公告", "employment_news": "就业资讯"}
TITLE_MAX = 128
BODY_MAX = 20000
MAX_ATTACHMENTS = 9
EDITABLE_FIELDS = ("kind", "title", "body", "department_id", "education_level")
AUDITED = ("kind", "title", "body", "school_id", "department_id", "education_level", "state", "pinned")


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    errors = ErrorCollector()
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors.add(ErrorCode.REQUIRED, "title", "请填写标题")
        elif len(values["title"]) > TITLE_MAX:
            errors.add(ErrorCode.INVALID_INPUT, "title", f"标题最多 {TITLE_MAX} 个字")
    if "body" in values:
        values["body"] = (values["body"] or "").strip()
        if len(values["body"]) > BODY_MAX:
            errors.add(ErrorCode.INVALID_INPUT, "body", f"正文最多 {BODY_MAX} 个字")
    if "kind" in values and values["kind"] not in KINDS:
        errors.add(ErrorCode.INVALID_INPUT, "kind", "类别须为通知公告或就业资讯")
    if values.get("education_level") is not None and values["education_level"] not in EDUCATION_LEVEL:
        errors.add(ErrorCode.INVALID_INPUT, "educationLevel", "学历层次代码无效")
    errors.raise_if_any()
    return values


async def _audience(ctx: Context, department_id: int | None) -> Department | None:
    """The department addressed, if the viewer may address it: another school's or another department's is
    NOT_FOUND (not disclosed); a department reviewer must name their own (R2)."""
    viewer = ctx.viewer
    if department_id is not None and viewer.role is Role.PROVINCE:
        raise DomainError(ErrorCode.INVALID_INPUT, "省厅的通知面向全省院校，不能指定院系", "departmentId")
    department = await Department.get_or_none(id=department_id) if department_id is not None else None
    if authz.may_address_notice(viewer, department):
        return department
    if department_id is None:
        raise DomainError(ErrorCode.REQUIRED, "院系老师只能向本院系发布，请选择本院系", "departmentId")
    raise DomainError(ErrorCode.NOT_FOUND, "院系不存在或不在你的管理范围内", "departmentId")


async def create(ctx: Context, given: dict[str, Any]) -> Notice:
    viewer = ctx.viewer
    values = _validate({"kind": "notice", "body": "", **given})
    await _audience(ctx, values.get("department_id"))
    if viewer.role is Role.PROVINCE:
        province_id, school_id = viewer.province_id, None
    else:
        school = await School.get(id=viewer.school_id)
        province_id, school_id = school.province_id, school.id
    notice = await Notice.create(province_id=province_id, school_id=school_id, author_id=viewer.id, state="draft",
                                 **values)
    await audit.record(ctx, AuditAction.NOTICE_CREATED, "notice", notice.id, school_id=school_id,
                       department_id=notice.department_id, after=audit.snapshot(notice, AUDITED))
    return notice


async def own(ctx: Context, notice_id: int, *, lock: bool = False) -> Notice:
    """A notice the viewer manages; anyone else's is NOT_FOUND, so its existence is not disclosed."""
    qs = Notice.filter(id=notice_id)
    notice = await (qs.select_for_update() if lock else qs).first()
    if notice is None or not authz.manages_notice(ctx.viewer, notice):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return notice


async def update(ctx: Context, notice_id: int, given: dict[str, Any]) -> Notice:
    notice = await own(ctx, notice_id, lock=True)
    values = _validate(dict(given))
    if "department_id" in values:
        await _audience(ctx, values["department_id"])
    before = audit.snapshot(notice, AUDITED)
    for key, value in values.items():
        setattr(notice, key, value)
    await notice.save(update_fields=[*values, "updated_at"])
    await audit.record(ctx, AuditAction.NOTICE_UPDATED, "notice", notice.id, school_id=notice.school_id,
                       department_id=notice.department_id, before=before, after=audit.snapshot(notice, AUDITED))
    return notice


async def _publisher(notice: Notice) -> str:
    if notice.school_id is not None:
        return (await School.get(id=notice.school_id)).name
    return (await Province.get(id=notice.province_id)).name


async def publish(ctx: Context, notice_id: int) -> Notice:
    notice = await own(ctx, notice_id)
    now = clock.now()
    await workflow.apply(ctx, NOTICE, notice, "publish", changes={"published_at": now})
    await events.notice_published(notice, await _publisher(notice))
    return notice


async def withdraw(ctx: Context, notice_id: int, reason: str) -> Notice:
    notice = await own(ctx, notice_id)
    await workflow.apply(ctx, NOTICE, notice, "withdraw", changes={"pinned": False}, reason=reason.strip())
    return notice


async def set_pinned(ctx: Context, notice_id: int, pinned: bool) -> Notice:
    """Pinning is an attribute of a published notice, not a state: only published notices are listed."""
    notice = await own(ctx, notice_id)
    if notice.state != "published":
        raise DomainError(ErrorCode.INVALID_STATE, "只有已发布的通知可以置顶", "id")
    updated = await Notice.filter(id=notice.id, state="published").update(pinned=pinned)
    if updated != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    before, notice.pinned = notice.pinned, pinned
    await audit.record(ctx, AuditAction.NOTICE_PINNED if pinned else AuditAction.NOTICE_UNPINNED, "notice",
                       notice.id, school_id=notice.school_id, department_id=notice.department_id,
                       before={"pinned": before}, after={"pinned": pinned})
    return notice


async def add_attachment(ctx: Context, notice_id: int, upload) -> Notice:
    notice = await own(ctx, notice_id, lock=True)
    if len(notice.attachment_file_ids) >= MAX_ATTACHMENTS:
        raise DomainError(ErrorCode.INVALID_INPUT, f"附件最多 {MAX_ATTACHMENTS} 个", "file")
    data, content_type = await uploads.read(upload, "file", uploads.IMAGES | {uploads.PDF},
                                            "附件须为 JPEG、PNG 图片或 PDF 文件")
    stored = await files.save(data, content_type=content_type, filename=getattr(upload, "filename", None) or "附件",
                              owner_kind="staff", owner_id=ctx.viewer.id, purpose="notice_attachment")
    return await _set_attachments(ctx, notice, [*notice.attachment_file_ids, stored.id],
                                  AuditAction.NOTICE_ATTACHMENT_ADDED, stored)


async def delete_attachment(ctx: Context, notice_id: int, file_id: int) -> Notice:
    notice = await own(ctx, notice_id, lock=True)
    if file_id not in notice.attachment_file_ids:
        raise DomainError(ErrorCode.NOT_FOUND, field="fileId")
    stored = await StoredFile.get(id=file_id)
    await _set_attachments(ctx, notice, [i for i in notice.attachment_file_ids if i != file_id],
                           AuditAction.NOTICE_ATTACHMENT_DELETED, stored)
    await files.delete(stored)
    return notice


async def _set_attachments(ctx: Context, notice: Notice, ids: list[int], action: AuditAction,
                           stored: StoredFile) -> Notice:
    before = list(notice.attachment_file_ids)
    notice.attachment_file_ids = ids
    await notice.save(update_fields=["attachment_file_ids", "updated_at"])
    await audit.record(ctx, action, "notice", notice.id, school_id=notice.school_id,
                       department_id=notice.department_id, before={"attachmentFileIds": before},
                       after={"attachmentFileIds": ids, "filename": stored.filename})
    return notice
