"""Statistics (X4): graduates, online signings and their share (网签占比), agreements by state, destinations by
type and the placement rate, per school, department, major or education level, within the viewer's scope (R2).

Counted by the database (GROUP BY with conditional counts): two statements whatever the school's size, whose
results are a few rows per group. Every figure is grouped by the graduate's record as it is now (a graduate moved
to another department by a correction counts there, with their agreements).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from models import Agreement, Department, Graduate, Major, School, Termination, codes
from resolvers import authz
from resolvers.errors import DomainError, ErrorCode
from resolvers.states import AGREEMENT
from resolvers.viewer import Role, Viewer

YEARS = (2000, 2100)  # the classes a figure may be asked for, as the graduate lists' filter allows

# The graduate's column each grouping counts by.
GROUPINGS = {"school": "school_id", "department": "department_id", "major": "major_id",
             "education_level": "education_level"}

# X4 numerator, counted on the graduate's row: a graduate bound by an agreement signed online (awaiting review,
# returned for revision or approved; a rejected, terminated or voided one no longer binds, its `active_graduate`
# is cleared). The one place that says which agreements count as online: offline and paper agreements (F1, F2)
# bind the graduate the same way and count in the denominator (destination 10), not here.
def signed_online_in_force() -> Count:
    return Count("active_agreement__id", _filter=Q(active_agreement__method="online"))


# Placement rate: destinations that are not a placement, by their national two-digit parent code; every other
# destination (employment of any form, further study, going abroad, the army, own business) is one. 待就业 (70),
# 不就业拟升学 (71), 其他暂不就业 (72) and 留级休学续读 (65, not graduating this year).
# The codes counted are those on Graduate.destination_type: signing writes 10, an approved destination registration
# its kind's two-digit type (a sub-code, national or P…, never), release 70; test_statistics checks every kind.
NOT_PLACED = frozenset({"65", "70", "71", "72"})

# Agreements by state: the workflow's states, with an agreement voided by an unlock (T5) told apart from a
# termination (T4): both end in the state "terminated", only a termination has an approved request.
# Online agreements only (网签): offline and paper ones follow a workflow of their own, with other states.
AGREEMENT_STATES = {**AGREEMENT.states, "voided": "解锁作废"}


def _ended_by_termination() -> Q:
    return Q(id__in=Subquery(Termination.filter(state="approved").values("agreement_id")))


def ratio(numerator: int, denominator: int) -> float | None:
    """A share as shown: 0 to 1, four decimals; none without a denominator."""
    return round(numerator / denominator, 4) if denominator else None


def is_placed(destination_code: str) -> bool:
    """Sub-codes (three digits) count as their two-digit parent."""
    return destination_code[:2] not in NOT_PLACED


@dataclass
class Figures:
    graduates: int = 0
    agreement_employment: int = 0  # X4 denominator: destination 10, however it was signed
    signed_online: int = 0  # X4 numerator
    placed: int = 0
    destinations: Counter = field(default_factory=Counter)
    agreements: Counter = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        self.graduates += other.graduates
        self.agreement_employment += other.agreement_employment
        self.signed_online += other.signed_online
        self.placed += other.placed
        self.destinations.update(other.destinations)
        self.agreements.update(other.agreements)


@dataclass
class Group:
    key: str  # the database id (school, department, major) or the education level code
    code: str
    name: str
    school_name: str | None
    figures: Figures
    node_type: str | None = None  # the GraphQL type the key is an id of


@dataclass
class Statistics:
    graduation_year: int
    grouping: str
    total: Figures
    groups: list[Group]


async def check(viewer: Viewer, graduation_year: int, grouping: str, school_id: int | None = None) -> None:
    """What statistics() refuses before counting; an export of them asks it when requested, not in the worker."""
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE)
    if grouping not in GROUPINGS:
        raise DomainError(ErrorCode.INVALID_INPUT, "分组方式应为学校、院系、专业或学历", "groupBy")
    if not YEARS[0] <= graduation_year <= YEARS[1]:
        # The column is a small integer: a year beyond it is the caller's mistake, not the database's.
        raise DomainError(ErrorCode.INVALID_INPUT, "毕业年份应为 2000 到 2100 之间的年份", "graduationYear")
    if school_id is not None and not await _school_in_scope(viewer, school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="schoolId")


async def statistics(viewer: Viewer, graduation_year: int, grouping: str, school_id: int | None = None) -> Statistics:
    await check(viewer, graduation_year, grouping, school_id)
    column = GROUPINGS[grouping]
    graduates = authz.scope_by_school(viewer, Graduate.filter(graduation_year=graduation_year))
    agreements = authz.scope_by_school(viewer, Agreement.filter(graduate__graduation_year=graduation_year,
                                                                method="online"),
                                       school_field="graduate__school_id", department_field="graduate__department_id")
    if school_id is not None:
        graduates = graduates.filter(school_id=school_id)
        agreements = agreements.filter(graduate__school_id=school_id)

    by_group: dict[str, Figures] = {}
    for row in await graduates.annotate(
            n=Count("id"), online=signed_online_in_force(),
    ).group_by(column, "destination_type").values(column, "destination_type", "n", "online"):
        figures = by_group.setdefault(str(row[column]), Figures())
        code = row["destination_type"]
        figures.graduates += row["n"]
        figures.signed_online += row["online"]
        figures.destinations[code] += row["n"]
        if code[:2] == codes.AGREEMENT_EMPLOYMENT:
            figures.agreement_employment += row["n"]
        if is_placed(code):
            figures.placed += row["n"]
    agreement_column = f"graduate__{column}"
    for row in await agreements.annotate(
            n=Count("id"), ended=Count("id", _filter=_ended_by_termination()),
    ).group_by(agreement_column, "state").values(agreement_column, "state", "n", "ended"):
        figures = by_group.setdefault(str(row[agreement_column]), Figures())
        if row["state"] == "terminated":
            figures.agreements["terminated"] += row["ended"]
            figures.agreements["voided"] += row["n"] - row["ended"]
        else:
            figures.agreements[row["state"]] += row["n"]

    groups = await _labelled(grouping, by_group)
    total = Figures()
    for group in groups:
        total.add(group.figures)
    return Statistics(graduation_year, grouping, total, groups)


async def _school_in_scope(viewer: Viewer, school_id: int) -> bool:
    if viewer.role is Role.PROVINCE:
        return await authz.province_covers(viewer, school_id)
    return viewer.school_id == school_id


async def _labelled(grouping: str, by_group: dict[str, Figures]) -> list[Group]:
    """Each group's code and name, in one statement; groups ordered by school and code."""
    ids = [int(k) for k in by_group] if grouping != "education_level" else []
    if grouping == "education_level":
        groups = [Group(k, k, codes.EDUCATION_LEVEL.get(k, k), None, f) for k, f in by_group.items()]
        return sorted(groups, key=lambda g: g.code)
    if grouping == "school":
        rows = await School.filter(id__in=ids).values("id", "code", "name")
        label = {r["id"]: (r["code"], r["name"], r["name"]) for r in rows}
        node_type = "School"
    elif grouping == "department":
        rows = await Department.filter(id__in=ids).values("id", "code", "name", "school__name", "school__code")
        label = {r["id"]: (r["code"], r["name"], r["school__name"]) for r in rows}
        node_type = "Department"
    else:
        rows = await Major.filter(id__in=ids).values("id", "code", "name", "department__school__name")
        label = {r["id"]: (r["code"], r["name"], r["department__school__name"]) for r in rows}
        node_type = "Major"
    groups = [Group(k, *label[int(k)], f, node_type=node_type) for k, f in by_group.items()]
    return sorted(groups, key=lambda g: (g.school_name or "", g.code, g.key))
