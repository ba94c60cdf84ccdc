"""School admins create, edit, publish and cancel their school's campus job fairs (issue 12 §2); states.JOB_FAIR."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from models import FairApplication, FairRegistration, JobFair, School
from resolvers import audit, authz, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.states import JOB_FAIR
from server import clock

MODES = {"onsite": "线下（现场）", "online": "线上"}
TITLE_MAX = 128
DESCRIPTION_MAX = 20000
PLACE_MAX = 256
LINK_MAX = 1024
CAPACITY_MAX = 100_000
BOOTHS_MAX = 10_000
FIELDS = ("title", "description", "mode", "place", "link", "starts_at", "ends_at", "capacity", "booth_limit")
AUDITED = (*FIELDS, "state")


def _https(link: str) -> bool:
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and " " not in link


def _check(fair: dict[str, Any], errors: ErrorCollector) -> None:
    """The whole fair as it would be saved: each rule on the field a client shows it on."""
    if not fair["title"]:
        errors.add(ErrorCode.REQUIRED, "title", "请填写招聘会名称")
    elif len(fair["title"]) > TITLE_MAX:
        errors.add(ErrorCode.INVALID_INPUT, "title", f"名称最多 {TITLE_MAX} 个字")
    if len(fair["description"]) > DESCRIPTION_MAX:
        errors.add(ErrorCode.INVALID_INPUT, "description", f"介绍最多 {DESCRIPTION_MAX} 个字")
    if fair["mode"] == "onsite":
        if not fair["place"]:
            errors.add(ErrorCode.REQUIRED, "place", "线下招聘会请填写举办地点")
        elif len(fair["place"]) > PLACE_MAX:
            errors.add(ErrorCode.INVALID_INPUT, "place", f"地点最多 {PLACE_MAX} 个字")
    elif fair["mode"] == "online":
        if not fair["link"]:
            errors.add(ErrorCode.REQUIRED, "link", "线上招聘会请填写会场链接")
        elif len(fair["link"]) > LINK_MAX or not _https(fair["link"]):
            errors.add(ErrorCode.INVALID_FORMAT, "link", "会场链接须为 https:// 开头的网址")
    else:
        errors.add(ErrorCode.INVALID_INPUT, "mode", "举办方式须为线下或线上")
    if fair["ends_at"] <= fair["starts_at"]:
        errors.add(ErrorCode.INVALID_INPUT, "endsAt", "结束时间须晚于开始时间")
    if not 1 <= fair["capacity"] <= CAPACITY_MAX:
        errors.add(ErrorCode.OUT_OF_RANGE, "capacity", f"可报名人数须在 1 至 {CAPACITY_MAX} 之间")
    if fair["booth_limit"] is not None and not 1 <= fair["booth_limit"] <= BOOTHS_MAX:
        errors.add(ErrorCode.OUT_OF_RANGE, "boothLimit", f"展位数须在 1 至 {BOOTHS_MAX} 之间")


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("title", "description", "place", "link"):
        if key in out:
            out[key] = (out[key] or "").strip()
    for key in ("starts_at", "ends_at"):
        if key in out:
            out[key] = clock.in_platform_zone(out[key])
    return out


def _not_past(values: dict[str, Any], errors: ErrorCollector) -> None:
    if "starts_at" in values and values["starts_at"] <= clock.now():
        errors.add(ErrorCode.INVALID_INPUT, "startsAt", "开始时间须晚于现在")


async def create(ctx: Context, given: dict[str, Any]) -> JobFair:
    viewer = ctx.viewer
    authz.require_login(viewer)
    if not authz.manages_fairs(viewer, viewer.school_id):
        raise DomainError(ErrorCode.PERMISSION_DENIED)
    values = _normalised({"description": "", "place": "", "link": "", "booth_limit": None, **given})
    errors = ErrorCollector()
    _check(values, errors)
    _not_past(values, errors)
    errors.raise_if_any()
    # Only the field the mode uses is kept: a place left over from switching to online would mislead.
    values["place" if values["mode"] == "online" else "link"] = ""
    fair = await JobFair.create(school_id=viewer.school_id, author_id=viewer.id, state="draft", **values)
    await audit.record(ctx, AuditAction.JOB_FAIR_CREATED, "job_fair", fair.id, school_id=fair.school_id,
                       after=audit.snapshot(fair, AUDITED))
    return fair


async def own(ctx: Context, fair_id: int, *, lock: bool = False) -> JobFair:
    """A fair the viewer manages; another school's is NOT_FOUND (its existence is not disclosed)."""
    authz.require_login(ctx.viewer)
    qs = JobFair.filter(id=fair_id)
    fair = await (qs.select_for_update() if lock else qs).first()
    if fair is None or not authz.reads_school_fairs(ctx.viewer, fair.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    if not authz.manages_fairs(ctx.viewer, fair.school_id):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "招聘会由学校管理员管理", "id")
    return fair


async def update(ctx: Context, fair_id: int, given: dict[str, Any]) -> JobFair:
    fair = await own(ctx, fair_id, lock=True)
    if fair.state == "cancelled":
        raise DomainError(ErrorCode.INVALID_STATE, "招聘会已取消，不能修改", "id")
    values = _normalised(given)
    merged = {**{k: getattr(fair, k) for k in FIELDS}, **values}
    errors = ErrorCollector()
    _check(merged, errors)
    if values.get("starts_at") not in (None, fair.starts_at):
        _not_past(values, errors)
    if merged["capacity"] < fair.registered_count:
        errors.add(ErrorCode.OUT_OF_RANGE, "capacity", f"已有 {fair.registered_count} 人报名，可报名人数不能少于此数")
    if merged["booth_limit"] is not None and merged["booth_limit"] < fair.approved_count:
        errors.add(ErrorCode.OUT_OF_RANGE, "boothLimit", f"已通过 {fair.approved_count} 家单位，展位数不能少于此数")
    errors.raise_if_any()
    merged["place" if merged["mode"] == "online" else "link"] = ""
    changed = {k: v for k, v in merged.items() if getattr(fair, k) != v}
    if not changed:
        return fair
    before = audit.snapshot(fair, AUDITED)
    # Counters are checked in the same UPDATE: a seat taken since the read above keeps capacity honest.
    updated = await JobFair.filter(id=fair.id, state=fair.state, registered_count__lte=merged["capacity"]) \
        .update(**changed)
    if updated != 1:
        raise DomainError(ErrorCode.STALE_STATE)
    for key, value in changed.items():
        setattr(fair, key, value)
    if "starts_at" in changed:
        # A fair moved is reminded of again before its new start.
        await FairRegistration.filter(fair_id=fair.id).update(reminded_at=None)
    await audit.record(ctx, AuditAction.JOB_FAIR_UPDATED, "job_fair", fair.id, school_id=fair.school_id,
                       before=before, after=audit.snapshot(fair, AUDITED))
    return fair


async def publish(ctx: Context, fair_id: int) -> JobFair:
    fair = await own(ctx, fair_id)
    if fair.state == "draft" and fair.starts_at <= clock.now():
        raise DomainError(ErrorCode.FAIR_STARTED, "开始时间已过，请先修改时间再发布", "id")
    await workflow.apply(ctx, JOB_FAIR, fair, "publish", changes={"published_at": clock.now()})
    return fair


async def cancel(ctx: Context, fair_id: int, reason: str) -> JobFair:
    """Registered graduates and approved employers are each told, in the same transaction."""
    fair = await own(ctx, fair_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REASON_REQUIRED, "请填写取消原因", "reason")
    was_published = fair.state == "published"
    await workflow.apply(ctx, JOB_FAIR, fair, "cancel", changes={"cancelled_at": clock.now()}, reason=reason)
    if was_published:
        graduate_ids = list(await FairRegistration.filter(fair_id=fair.id, state="registered")
                            .order_by("id").values_list("graduate_id", flat=True))
        employer_ids = list(await FairApplication.filter(fair_id=fair.id, state="approved")
                            .order_by("id").values_list("employer_id", flat=True))
        school_name = (await School.get(id=fair.school_id)).name
        await events.fair_cancelled(fair, school_name, reason, graduate_ids=graduate_ids, employer_ids=employer_ids)
    return fair


def has_started(fair: JobFair, now: dt.datetime | None = None) -> bool:
    return fair.starts_at <= (now or clock.now())
