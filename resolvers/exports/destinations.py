"""The staff's destination registrations (D1-D5, R2) as a sheet: the console's columns and filters, voided
records included as on screen (D4)."""

from __future__ import annotations

from models import Department, Destination, Graduate
from resolvers.destination.catalog import FIELDS, national_code, sub_type_label, type_label
from resolvers.destination.details import shown
from resolvers.destination.queries import DestinationFilter, listed
from resolvers.exports.batches import by_id, keyset
from resolvers.exports.registry import ExportKind, Rows
from resolvers.states import DESTINATION
from resolvers.viewer import Viewer

COLUMNS = ("姓名", "学号", "院系", "毕业去向代码", "毕业去向", "具体去向", "报送代码", "状态", "录入人", "登记内容",
           "证明材料份数", "提交时间", "审核通过时间", "作废时间")
ENTERED_BY = {"graduate": "毕业生本人", "staff": "学校老师代录"}


def details_text(destination: Destination) -> str:
    """The registered fields in one cell, in the type's order, as the screen lists them."""
    return "；".join(f"{FIELDS[k].label if k in FIELDS else k}：{shown(v)}"
                    for k, v in (destination.details or {}).items())


async def rows(viewer: Viewer, f: DestinationFilter) -> Rows:
    async for destinations in keyset(listed(viewer, f), newest_first=True):
        graduates = await by_id(Graduate, (d.graduate_id for d in destinations))
        departments = await by_id(Department, (d.department_id for d in destinations))
        yield [(
            graduates[d.graduate_id].name, graduates[d.graduate_id].student_number, departments[d.department_id].name,
            d.type, type_label(d.type), sub_type_label(d.sub_type), national_code(d.type, d.sub_type),
            DESTINATION.states[d.state],
            ENTERED_BY.get(d.entered_by_kind, d.entered_by_kind), details_text(d), len(d.proof_file_ids or []),
            d.submitted_at, d.approved_at, d.voided_at,
        ) for d in destinations]


EXPORT = ExportKind(name="destinations", title="去向登记", columns=COLUMNS, filter_type=DestinationFilter, rows=rows)
