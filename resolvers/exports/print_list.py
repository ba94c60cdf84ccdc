"""Print management (P1) as a sheet: the agreements' frozen content, as printed, newest first like the screen."""

from __future__ import annotations

from models import Department
from resolvers.exports.batches import by_id, keyset, party
from resolvers.exports.registry import ExportKind, Rows
from resolvers.printing.queries import PrintFilter, print_list_rows
from resolvers.viewer import Viewer

COLUMNS = ("姓名", "学号", "院系", "专业", "用人单位", "统一社会信用代码", "单位性质", "打印次数", "最后打印时间",
           "审核通过时间", "协议编号")


async def rows(viewer: Viewer, f: PrintFilter) -> Rows:
    async for agreements in keyset(print_list_rows(viewer, f), newest_first=True):
        departments = await by_id(Department, (a.department_id for a in agreements))
        batch = []
        for a in agreements:
            graduate, employer = party(a.terms, "partyA"), party(a.terms, "partyB")
            nature = employer.get("nature") or {}
            batch.append((
                graduate.get("name"), graduate.get("studentNumber"), departments[a.department_id].name,
                graduate.get("major"), employer.get("name"), employer.get("uscc"), nature.get("label"),
                a.print_count, a.last_printed_at, a.approved_at, a.number,
            ))
        yield batch


EXPORT = ExportKind(name="print_list", title="协议书打印管理", columns=COLUMNS, filter_type=PrintFilter, rows=rows)
