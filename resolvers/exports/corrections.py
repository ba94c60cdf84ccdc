"""The correction requests queue (O2, R1) as a sheet: the console's columns, personal values masked as there."""

from __future__ import annotations

from dataclasses import dataclass

from models import Department, Graduate, Major, Staff
from resolvers import authz
from resolvers.exports.batches import by_id, keyset
from resolvers.exports.registry import ExportKind, Rows
from resolvers.origin.correctable import CORRECTABLE
from resolvers.origin.corrections import plain_value, visible_corrections
from resolvers.states import CORRECTION
from resolvers.viewer import Viewer
from server import crypto

COLUMNS = ("姓名", "学号", "院系", "专业", "纠错字段", "原值", "申请修改为", "申请原因", "状态", "处理意见", "处理人",
           "处理时间", "申请时间")


@dataclass
class CorrectionFilter:
    state: str | None = None


async def rows(viewer: Viewer, f: CorrectionFilter) -> Rows:
    async for requests in keyset(visible_corrections(viewer, f.state), newest_first=True):
        graduates = await by_id(Graduate, (r.graduate_id for r in requests))
        departments = await by_id(Department, (g.department_id for g in graduates.values()))
        majors = await by_id(Major, (g.major_id for g in graduates.values()))
        deciders = await by_id(Staff, (r.decided_by_id for r in requests))
        batch = []
        for r in requests:
            graduate = graduates[r.graduate_id]
            masked = CORRECTABLE[r.field].personal and not authz.sees_personal_data(viewer, graduate)

            def shown(sealed: str | None, r=r, masked=masked) -> str | None:
                value = plain_value(r, sealed)
                return crypto.mask_id_number(value) if masked else value

            decider = deciders.get(r.decided_by_id)
            batch.append((
                graduate.name, graduate.student_number, departments[graduate.department_id].name,
                majors[graduate.major_id].name, CORRECTABLE[r.field].label, shown(r.current_value),
                shown(r.requested_value), r.reason, CORRECTION.states[r.state], r.decision_reason,
                decider.name if decider else "", r.decided_at, r.created_at,
            ))
        yield batch


EXPORT = ExportKind(name="correction_requests", title="纠错申请", columns=COLUMNS, filter_type=CorrectionFilter,
                    rows=rows)
