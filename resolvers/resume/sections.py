"""The graduate's resume: sections kept in an order the graduate chooses (X2)."""

from __future__ import annotations

from models import ResumeSection
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.viewer import Role

KINDS = {
    "intention": "求职意向",
    "education": "教育经历",
    "experience": "实习与工作经历",
    "project": "项目经历",
    "award": "获奖情况",
    "skill": "技能与证书",
    "other": "其他",
}
TITLE_MAX = 128
CONTENT_MAX = 5000
FIELDS = ("kind", "title", "content", "sort_order")


def _check(kind: str | None, title: str | None, content: str | None) -> dict[str, str]:
    """Validated values of the fields given (None: unchanged), every error at once."""
    errors = ErrorCollector()
    values: dict[str, str] = {}
    if kind is not None:
        if kind not in KINDS:
            errors.add(ErrorCode.INVALID_INPUT, "kind", "简历条目类别无效")
        values["kind"] = kind
    if title is not None:
        values["title"] = title.strip()
        if not values["title"]:
            errors.add(ErrorCode.REQUIRED, "title", "请填写标题")
        elif len(values["title"]) > TITLE_MAX:
            errors.add(ErrorCode.INVALID_INPUT, "title", f"标题最多 {TITLE_MAX} 个字")
    if content is not None:
        values["content"] = content.strip()
        if len(values["content"]) > CONTENT_MAX:
            errors.add(ErrorCode.INVALID_INPUT, "content", f"内容最多 {CONTENT_MAX} 个字")
    errors.raise_if_any()
    return values


async def _own_section(ctx: Context, section_id: int) -> ResumeSection:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    section = await ResumeSection.get_or_none(id=section_id)
    if section is None or not authz.owns_resume_section(ctx.viewer, section):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return section


async def _record(ctx: Context, action: AuditAction, section_id: int, before: dict | None, after: dict | None):
    await audit.record(ctx, action, "resume_section", section_id,
                       school_id=ctx.viewer.school_id, department_id=ctx.viewer.department_id,
                       before=before, after=after)


async def sections_of(graduate_id: int) -> list[ResumeSection]:
    return await ResumeSection.filter(graduate_id=graduate_id).order_by("sort_order", "id")


async def add(ctx: Context, kind: str, title: str, content: str) -> ResumeSection:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    values = _check(kind, title, content)
    count = await ResumeSection.filter(graduate_id=ctx.viewer.id).count()
    section = await ResumeSection.create(graduate_id=ctx.viewer.id, sort_order=count, **values)
    await _record(ctx, AuditAction.RESUME_SECTION_ADDED, section.id, None, audit.snapshot(section, FIELDS))
    return section


async def update(ctx: Context, section_id: int, kind: str | None, title: str | None,
                 content: str | None) -> ResumeSection:
    section = await _own_section(ctx, section_id)
    values = _check(kind, title, content)
    before = audit.snapshot(section, FIELDS)
    section.update_from_dict(values)
    await section.save()
    await _record(ctx, AuditAction.RESUME_SECTION_UPDATED, section.id, before, audit.snapshot(section, FIELDS))
    return section


async def _renumber(sections: list[ResumeSection]) -> None:
    for index, section in enumerate(sections):
        if section.sort_order != index:
            section.sort_order = index
            await section.save(update_fields=["sort_order", "updated_at"])


async def delete(ctx: Context, section_id: int) -> int:
    section = await _own_section(ctx, section_id)
    before = audit.snapshot(section, FIELDS)
    await section.delete()
    await _renumber(await sections_of(ctx.viewer.id))
    await _record(ctx, AuditAction.RESUME_SECTION_DELETED, section_id, before, None)
    return section_id


async def move(ctx: Context, section_id: int, position: int) -> list[ResumeSection]:
    """Puts the section at `position` (0 = first; beyond the end = last) and returns the whole resume."""
    section = await _own_section(ctx, section_id)
    if position < 0:
        raise DomainError(ErrorCode.INVALID_INPUT, "位置不能小于 0", "position")
    sections = [s for s in await sections_of(ctx.viewer.id) if s.id != section.id]
    before = section.sort_order
    sections.insert(min(position, len(sections)), section)
    await _renumber(sections)
    await _record(ctx, AuditAction.RESUME_SECTION_MOVED, section.id, {"sort_order": before},
                  {"sort_order": section.sort_order})
    return sections
