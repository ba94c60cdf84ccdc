"""The reviewers' queue (R1, R2) as a sheet: the columns of the console's queue, with its filters. A signing or a
termination fills the employer's and the agreement's columns, a destination registration its own; the others stay
empty, as on screen (a recommendation form fills only the graduate's)."""

from __future__ import annotations

from models import Agreement, Department, Destination, Employer, EmployerMaterial, Graduate, Termination, codes
from resolvers.destination.catalog import national_code, sub_type_label, type_label
from resolvers.exports.batches import by_id, keyset
from resolvers.exports.destinations import details_text
from resolvers.exports.registry import ExportKind, Rows
from resolvers.review.queue import QueueFilter, review_queue
from resolvers.states import AGREEMENT, REVIEW, TERMINATION
from resolvers.viewer import Viewer

SUBJECTS = {"agreement": "网签协议", "termination": "解约申请", "destination": "去向登记",
            "recommendation_form": "就业推荐表"}
SIGNING = ("agreement", "termination")  # the subjects with an agreement (and an employer) of their own
COLUMNS = ("审核对象", "审核状态", "轮次", "姓名", "学号", "院系", "用人单位", "统一社会信用代码",
           "信用代码校验位未通过", "单位所在地", "单位性质", "单位行业", "资质材料已上传", "协议编号", "协议状态",
           "解约原因", "解约申请状态", "毕业去向", "具体去向", "报送代码", "登记内容", "证明材料份数", "申请时间")


async def rows(viewer: Viewer, f: QueueFilter) -> Rows:
    async for reviews in keyset(review_queue(viewer, f)):
        graduates = await by_id(Graduate, (r.graduate_id for r in reviews))
        departments = await by_id(Department, (r.department_id for r in reviews))
        employers = await by_id(Employer, (r.employer_id for r in reviews))
        # Issue 12 §5: materials the employer uploaded count as uploaded, as on screen.
        with_materials = set(await EmployerMaterial.filter(employer_id__in=set(employers)).distinct()
                             .values_list("employer_id", flat=True)) if employers else set()
        terminations = await by_id(Termination, (r.subject_id for r in reviews if r.subject_type == "termination"))
        destinations = await by_id(Destination, (r.subject_id for r in reviews if r.subject_type == "destination"))
        agreements = await by_id(Agreement, [r.subject_id if r.subject_type == "agreement"
                                             else terminations[r.subject_id].agreement_id
                                             for r in reviews if r.subject_type in SIGNING])
        batch = []
        for r in reviews:
            graduate, employer = graduates[r.graduate_id], employers.get(r.employer_id)
            termination = terminations.get(r.subject_id) if r.subject_type == "termination" else None
            destination = destinations.get(r.subject_id) if r.subject_type == "destination" else None
            agreement = None
            if r.subject_type in SIGNING:
                agreement = agreements[termination.agreement_id if termination else r.subject_id]
            batch.append((
                SUBJECTS[r.subject_type], REVIEW.states[r.state], r.round, graduate.name, graduate.student_number,
                departments[r.department_id].name,
                employer.name if employer else "", employer.uscc if employer else "",
                employer.uscc_checksum_failed if employer else "",
                employer.location_name if employer else "",
                codes.label(codes.EMPLOYER_NATURE, employer.nature) if employer else "",
                codes.label(codes.INDUSTRY, employer.industry) if employer else "",
                employer is not None and (employer.license_file_id is not None or employer.id in with_materials),
                agreement.number if agreement else "", AGREEMENT.states[agreement.state] if agreement else "",
                termination.reason if termination else "",
                TERMINATION.states[termination.state] if termination else "",
                *_destination(destination),
                r.submitted_at,
            ))
        yield batch


def _destination(d: Destination | None) -> tuple:
    if d is None:
        return "", "", "", "", ""
    return (f"{d.type} {type_label(d.type)}", sub_type_label(d.sub_type), national_code(d.type, d.sub_type),
            details_text(d), len(d.proof_file_ids or []))


EXPORT = ExportKind(name="review_queue", title="审核队列", columns=COLUMNS, filter_type=QueueFilter, rows=rows)
