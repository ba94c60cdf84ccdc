from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import DomainError, ErrorCode
from resolvers.exports import jobs
from resolvers.exports.corrections import CorrectionFilter as CorrectionExportFilter
from resolvers.exports.national import NationalFilter
from resolvers.exports.statistics import StatisticsFilter as StatisticsExportFilter
from schema import access, limits, mutation
from schema.destinations.queries import DestinationFilter, destination_filter
from schema.errors import Error
from schema.exports.types import ExportKind, ExportNode
from schema.org.types import DepartmentNode, SchoolNode
from schema.origin.types import CorrectionFilter
from schema.people.queries import YEARS, GraduateFilter, graduate_filter
from schema.printing.queries import PrintListFilter, print_filter
from schema.relay import decode_id
from schema.review.queries import ReviewQueueFilter, queue_filter
from schema.statistics.types import StatisticsGrouping


@strawberry.input(description="全国就业数据导出的筛选条件")
class NationalDestinationFilter:
    department_id: strawberry.ID | None = None
    graduation_year: int | None = limits.number(YEARS[0], YEARS[1], default=None)


@strawberry.input(description="统计导出的条件：与统计页面 statistics(graduationYear, groupBy, schoolId) 的参数相同")
class StatisticsFilter:
    graduation_year: int = limits.number(YEARS[0], YEARS[1])
    group_by: StatisticsGrouping
    school_id: strawberry.ID | None = None


@strawberry.input(description="申请导出：kind 指明列表，筛选条件填与之对应的那一项（与页面上的筛选相同），其余留空")
class RequestExportInput:
    kind: ExportKind
    review_queue: ReviewQueueFilter | None = None
    correction_requests: CorrectionFilter | None = None
    print_list: PrintListFilter | None = None
    graduates: GraduateFilter | None = None
    national_destinations: NationalDestinationFilter | None = None
    destinations: DestinationFilter | None = None
    statistics: StatisticsFilter | None = None


def _national(f: NationalDestinationFilter | None) -> NationalFilter:
    f = f or NationalDestinationFilter()
    return NationalFilter(
        department_id=decode_id(f.department_id, DepartmentNode, "nationalDestinations.departmentId")
        if f.department_id else None,
        graduation_year=f.graduation_year)


def _statistics(f: StatisticsFilter | None) -> StatisticsExportFilter:
    if f is None:
        raise DomainError(ErrorCode.REQUIRED, "请选择统计的届别与分组方式", "statistics")
    return StatisticsExportFilter(
        graduation_year=f.graduation_year, grouping=f.group_by.value,
        school_id=decode_id(f.school_id, SchoolNode, "statistics.schoolId") if f.school_id else None)


# kind -> the screen's converter of the kind's filter (the input's field named after the kind) into the list's
# filter dataclass (resolvers/exports/<kind>.py)
FILTERS: dict[str, Callable[[Any], Any]] = {
    "review_queue": lambda f: queue_filter(f, "reviewQueue"),
    "correction_requests": lambda f: CorrectionExportFilter(state=f.state.value if f and f.state else None),
    "print_list": lambda f: print_filter(f, "printList"),
    "graduates": lambda f: graduate_filter(f, "graduates."),
    "national_destinations": _national,
    "destinations": lambda f: destination_filter(f, "destinations"),
    "statistics": _statistics,
}


@strawberry.type
class RequestExportPayload:
    errors: list[Error]
    export: ExportNode | None = None


@strawberry.type
class Mutation:
    @access.mutation("导出列表为 .xlsx（与页面相同的列、筛选与范围：院系老师本院系，学校管理员本校，"
                     "省厅仅导出统计、本省各校）："
                     "立即返回导出任务，后台生成完成后在 export(id:) 上取限时下载链接；每次导出记入操作日志",
                     roles=access.STAFF,
                     errors=[ErrorCode.INVALID_ID, ErrorCode.INVALID_INPUT, ErrorCode.REQUIRED, ErrorCode.TOO_LONG,
                             ErrorCode.INVALID_CHARACTERS, ErrorCode.OUT_OF_RANGE, ErrorCode.NOT_FOUND])
    async def request_export(self, info: Info, input: RequestExportInput) -> RequestExportPayload:
        async def action():
            kind = input.kind.value
            for other in FILTERS:
                if other != kind and getattr(input, other) is not None:
                    raise DomainError(ErrorCode.INVALID_INPUT, "筛选条件与导出的列表不符", to_camel_case(other))
            export = await jobs.request(info.context, kind, FILTERS[kind](getattr(input, kind)))
            return {"export": ExportNode.from_row(export)}

        payload = await mutation.run(info, RequestExportPayload, action, input=input)
        if payload.export is not None:
            jobs.wake()  # committed by now, so the worker finds the row
        return payload
