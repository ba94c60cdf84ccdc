"""The graduate keeps one set of job intentions: position categories, places (a province, a city or a district)
and a salary floor. Setting them replaces the whole set; setting nothing at all removes it (no more pushes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import Graduate, JobIntention, JobIntentionCategory, JobIntentionLocation
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.intentions import announce
from resolvers.positions.browse import region_prefix
from resolvers.viewer import Role

CATEGORY_MAX = 64  # as a position's category (resolvers/positions/manage.py)
MAX_CATEGORIES = 10
MAX_LOCATIONS = 10


@dataclass(frozen=True)
class Intentions:
    categories: list[str]
    location_codes: list[str]  # 6 digits each: 340000 province, 340100 city, 340104 district
    salary_floor: int | None

    def snapshot(self) -> dict[str, Any]:
        return {"categories": self.categories, "locationCodes": self.location_codes,
                "salaryFloor": self.salary_floor}

    @property
    def empty(self) -> bool:
        return not self.categories and not self.location_codes and self.salary_floor is None


def _categories(errors: ErrorCollector, given: list[str]) -> list[str]:
    out: list[str] = []
    if len(given) > MAX_CATEGORIES:
        errors.add(ErrorCode.INVALID_INPUT, "categories", f"职位类别最多选择 {MAX_CATEGORIES} 个")
        return out
    for i, value in enumerate(given):
        value = (value or "").strip()
        if not value:
            errors.add(ErrorCode.REQUIRED, ["categories", str(i)], "职位类别不能为空")
        elif len(value) > CATEGORY_MAX:
            errors.add(ErrorCode.INVALID_INPUT, ["categories", str(i)], f"职位类别最多 {CATEGORY_MAX} 个字")
        elif value not in out:
            out.append(value)
    return out


def _locations(errors: ErrorCollector, given: list[str]) -> list[tuple[str, str]]:
    """(code, prefix) pairs: a province or city code stands for every district under it."""
    out: list[tuple[str, str]] = []
    if len(given) > MAX_LOCATIONS:
        errors.add(ErrorCode.INVALID_INPUT, "locationCodes", f"工作地点最多选择 {MAX_LOCATIONS} 个")
        return out
    for i, value in enumerate(given):
        try:
            prefix = region_prefix(value or "")
        except DomainError as e:
            errors.add(e.code, ["locationCodes", str(i)], e.message)
            continue
        code = prefix.ljust(6, "0")
        if all(code != c for c, _ in out):
            out.append((code, prefix))
    return out


def validate(categories: list[str], location_codes: list[str], salary_floor: int | None
             ) -> tuple[list[str], list[tuple[str, str]], int | None]:
    errors = ErrorCollector()
    cats = _categories(errors, categories)
    places = _locations(errors, location_codes)
    if salary_floor is not None and salary_floor < 0:
        errors.add(ErrorCode.INVALID_INPUT, "salaryFloor", "期望月薪不能为负数")
    errors.raise_if_any()
    return cats, places, salary_floor


async def of_graduate(graduate_id: int) -> Intentions | None:
    intention = await JobIntention.get_or_none(graduate_id=graduate_id)
    if intention is None:
        return None
    categories = await JobIntentionCategory.filter(graduate_id=graduate_id).order_by("sort_order", "id"
                                                                                    ).values_list("category", flat=True)
    codes = await JobIntentionLocation.filter(graduate_id=graduate_id).order_by("sort_order", "id"
                                                                               ).values_list("region_code", flat=True)
    return Intentions(list(categories), list(codes), intention.salary_floor)


async def mine(ctx: Context) -> Intentions | None:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    return await of_graduate(ctx.viewer.id)


async def set_intentions(ctx: Context, categories: list[str], location_codes: list[str],
                         salary_floor: int | None) -> tuple[Intentions | None, int]:
    """Replaces the graduate's intentions; returns them (None when cleared) and how many open positions newly
    match, announced together as one event rather than one each."""
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE)
    cats, places, floor = validate(categories, location_codes, salary_floor)
    graduate_id = viewer.id
    # The graduate's row is locked, not the intentions': a first save has no intentions row to lock, and two
    # first saves at once (a double tap) would both insert it, one failing on the unique key.
    await Graduate.filter(id=graduate_id).select_for_update().first()
    current = await JobIntention.get_or_none(graduate_id=graduate_id)
    before = await of_graduate(graduate_id) if current else None
    await JobIntentionCategory.filter(graduate_id=graduate_id).delete()
    await JobIntentionLocation.filter(graduate_id=graduate_id).delete()
    after = Intentions(cats, [code for code, _ in places], floor)
    if after.empty:
        if current is not None:
            await current.delete()
    else:
        if current is None:
            await JobIntention.create(graduate_id=graduate_id, salary_floor=floor)
        else:
            current.salary_floor = floor
            await current.save(update_fields=["salary_floor", "updated_at"])
        if cats:
            await JobIntentionCategory.bulk_create([
                JobIntentionCategory(graduate_id=graduate_id, category=c, sort_order=i) for i, c in enumerate(cats)])
        if places:
            await JobIntentionLocation.bulk_create([
                JobIntentionLocation(graduate_id=graduate_id, region_code=code, prefix=prefix, sort_order=i)
                for i, (code, prefix) in enumerate(places)])
    await audit.record(ctx, AuditAction.JOB_INTENTIONS_SET, "graduate", graduate_id, school_id=viewer.school_id,
                       department_id=viewer.department_id, before=before.snapshot() if before else None,
                       after=None if after.empty else after.snapshot())
    if after.empty:
        return None, 0
    return after, await announce.for_graduate(graduate_id)
