"""The statistics (X4) as a sheet: one row per group of the chosen grouping and the total last, each figure with
its numerator and denominator as on screen. The destinations have one column per national type, so the columns
are the same whatever the figures (the screen lists only the types someone has).

The province exports its statistics as it reads them (its schools, or one with `school_id`): the figures hold no
personal data, and the export's scope is the province's, as on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import codes
from resolvers.errors import DomainError
from resolvers.exports.registry import ExportKind, Rows
from resolvers.statistics.figures import AGREEMENT_STATES, Figures, check, ratio, statistics
from resolvers.viewer import Role, Viewer

GROUPINGS = {"school": "学校", "department": "院系", "major": "专业", "education_level": "学历"}
COLUMNS = ("届别", "分组", "代码", "名称", "所属学校", "毕业生数",
           "网签数（分子）", "签就业协议形式就业人数（分母）", "网签占比",
           "已落实去向人数（分子）", "毕业生总数（分母）", "去向落实率",
           *(f"协议数：{label}" for label in AGREEMENT_STATES.values()),
           *(f"去向 {code} {label}" for code, label in codes.DESTINATION_TYPE.items()))
TOTAL = "合计"


@dataclass
class StatisticsFilter:
    graduation_year: int
    grouping: str
    school_id: int | None = None


def _figures(f: Figures) -> tuple:
    return (f.graduates,
            f.signed_online, f.agreement_employment, ratio(f.signed_online, f.agreement_employment),
            f.placed, f.graduates, ratio(f.placed, f.graduates),
            *(f.agreements.get(state, 0) for state in AGREEMENT_STATES),
            *(f.destinations.get(code, 0) for code in codes.DESTINATION_TYPE))


async def rows(viewer: Viewer, f: StatisticsFilter) -> Rows:
    counted = await statistics(viewer, f.graduation_year, f.grouping, f.school_id)
    grouping = GROUPINGS[f.grouping]
    yield [
        *((f.graduation_year, grouping, g.code, g.name, g.school_name, *_figures(g.figures)) for g in counted.groups),
        (f.graduation_year, grouping, TOTAL, TOTAL, None, *_figures(counted.total)),
    ]


async def refused(viewer: Viewer, f: StatisticsFilter) -> None:
    """A school outside the viewer's scope is NOT_FOUND when the export is asked for, as on screen: nothing is
    queued for the worker to fail on later."""
    try:
        await check(viewer, f.graduation_year, f.grouping, f.school_id)
    except DomainError as e:
        raise DomainError(e.code, e.message, ["statistics", *(e.field or [])]) from None


EXPORT = ExportKind(name="statistics", title="统计", columns=COLUMNS, filter_type=StatisticsFilter, rows=rows,
                    roles=(Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE), check=refused)
