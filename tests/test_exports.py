"""Issue 11 §6 (R1, R2, P1, B5): staff export the lists they see as .xlsx, with the screen's columns, rows,
filters and scope; the national-code export; cells that would be formulas are text; the download link goes only
to staff of the requester's scope and expires; every export is in the audit log."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from urllib.parse import urlsplit

import openpyxl
import pytest

from models import AuditEntry, Export, Graduate, StoredFile
from resolvers.exports import batches, jobs
from resolvers.exports.cells import RISKY_STARTS
from resolvers.viewer import Role
from schema.relay import encode_id
from server.settings import get_settings
from tests import factories

REQUEST = """mutation($input: RequestExportInput!) { requestExport(input: $input) {
  errors { field code message } export { id kind title state stateLabel } } }"""
JOB = """query($id: ID!) { export(id: $id) {
  id kind state stateLabel error rowCount columns url urlExpiresAt } }"""
QUEUE = """query($filter: ReviewQueueFilter) { reviewQueue(filter: $filter, first: 100) {
  totalCount edges { node { subjectType graduate { name studentNumber } department { name }
    employer { name uscc } agreement { number } } } } }"""
GRADUATES = """query($filter: GraduateFilter) { graduates(filter: $filter, first: 100) {
  totalCount edges { node { name studentNumber idNumber phone } } } }"""
PRINT_LIST = """query { printList(first: 100) { totalCount edges { node {
  graduateName studentNumber department { name } major employerName uscc employerNature { label } printCount
  agreement { number } } } } }"""


async def request(gql, token: str, kind: str, **filters) -> dict:
    r = await gql(REQUEST, {"input": {"kind": kind, **filters}}, token=token)
    assert "errors" not in r, r
    return r["data"]["requestExport"]


async def job(gql, token: str, export_id: str) -> dict | None:
    r = await gql(JOB, {"id": export_id}, token=token)
    assert "errors" not in r, r
    return r["data"]["export"]


async def exported(gql, client, token: str, kind: str, **filters) -> tuple[dict, list[list]]:
    """Requests the export, lets the worker's job write it, downloads it; the job and the sheet's rows."""
    payload = await request(gql, token, kind, **filters)
    assert payload["errors"] == [] and payload["export"]["state"] == "QUEUED", payload
    assert await jobs.run_pending() == 1
    done = await job(gql, token, payload["export"]["id"])
    assert done["state"] == "READY", done
    sheet = (await workbook_of(client, done["url"])).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == done["columns"] and len(rows) - 1 == done["rowCount"]
    return done, rows[1:]


async def workbook_of(client, url: str):
    parts = urlsplit(url)
    r = await client.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return openpyxl.load_workbook(io.BytesIO(r.content))


def column(done: dict, rows: list[list], header: str) -> list:
    index = done["columns"].index(header)
    return [row[index] for row in rows]


async def test_r1_review_queue_export_has_the_queue_columns_rows_and_filters(world, gql, client):
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)
    other = await factories.employer(name="别家公司", login_name="other")
    carol_agreement, _ = await factories.signed_agreement(world.carol, other)
    filters = {"state": "PENDING_DEPARTMENT"}
    screen = (await gql(QUEUE, {"filter": filters}, token=world.tokens["admin"]))["data"]["reviewQueue"]

    done, rows = await exported(gql, client, world.tokens["admin"], "REVIEW_QUEUE", reviewQueue=filters)

    assert done["rowCount"] == screen["totalCount"] == 2
    on_screen = [(e["node"]["graduate"]["name"], e["node"]["graduate"]["studentNumber"],
                  e["node"]["department"]["name"], e["node"]["employer"]["name"], e["node"]["employer"]["uscc"],
                  e["node"]["agreement"]["number"]) for e in screen["edges"]]
    in_file = [(r[3], r[4], r[5], r[6], r[7], r[13]) for r in rows]
    assert in_file == on_screen
    assert column(done, rows, "审核对象") == ["网签协议", "网签协议"]
    assert column(done, rows, "单位性质") == ["其他企业", "其他企业"]
    assert carol_agreement.number not in column(done, rows, "协议编号")
    # The queue's own filters narrow the file as they narrow the screen.
    done, rows = await exported(gql, client, world.tokens["admin"], "REVIEW_QUEUE",
                                reviewQueue={**filters, "departmentId": encode_id("Department", world.law.id)})
    assert column(done, rows, "姓名") == [world.bob.name]
    done, rows = await exported(gql, client, world.tokens["admin"], "REVIEW_QUEUE",
                                reviewQueue={**filters, "submittedTo": "2020-01-01T00:00:00+08:00"})
    assert rows == []
    done, rows = await exported(gql, client, world.tokens["admin"], "REVIEW_QUEUE",
                                reviewQueue={**filters, "submittedFrom": "2020-01-01T00:00:00+08:00"})
    assert done["rowCount"] == 2


async def test_r1_termination_queue_export_shows_the_termination(world, gql, client):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    await factories.termination(agreement, reason="=双方协商一致")
    done, rows = await exported(gql, client, world.tokens["cs"], "REVIEW_QUEUE",
                                reviewQueue={"subjectType": "TERMINATION"})
    assert column(done, rows, "审核对象") == ["解约申请"]
    assert column(done, rows, "解约原因") == ["=双方协商一致"]
    assert column(done, rows, "协议编号") == [agreement.number]


async def test_r2_a_department_reviewers_export_holds_only_their_department(world, gql, client):
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)
    done, rows = await exported(gql, client, world.tokens["cs"], "REVIEW_QUEUE")
    assert column(done, rows, "姓名") == [world.alice.name]
    # Asking for another department's rows gives what the screen gives: none.
    law = {"departmentId": encode_id("Department", world.law.id)}
    done, rows = await exported(gql, client, world.tokens["cs"], "GRADUATES", graduates=law)
    assert rows == [] and done["rowCount"] == 0
    done, rows = await exported(gql, client, world.tokens["cs"], "GRADUATES")
    assert column(done, rows, "学号") == [world.alice.student_number]


async def test_r2_another_schools_staff_get_nothing_of_this_school(world, gql, client):
    done, rows = await exported(gql, client, world.tokens["other_admin"], "GRADUATES")
    assert column(done, rows, "姓名") == [world.carol.name]
    done, rows = await exported(gql, client, world.tokens["other_admin"], "NATIONAL_DESTINATIONS")
    assert column(done, rows, "姓名") == [world.carol.name]
    # Nor anyone else's export or its file.
    mine = await request(gql, world.tokens["admin"], "GRADUATES")
    await jobs.run_pending()
    for who in ("other_admin", "cs"):
        assert await job(gql, world.tokens[who], mine["export"]["id"]) is None
    r = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": mine["export"]["id"]},
                  token=world.tokens["other_admin"])
    assert r["data"]["node"] is None


async def test_r2_graduates_and_employers_cannot_export_and_the_province_only_its_statistics(world, gql):
    for who in ("alice", "employer", "province"):
        payload = await request(gql, world.tokens[who], "GRADUATES")
        assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"] and payload["export"] is None
    assert await Export.all().count() == 0


async def test_b5_graduate_list_export_matches_the_screen_with_full_id_numbers_for_own_school_staff(
        world, gql, client):
    for n in range(3):
        await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{n}",
                                 idn=factories.id_number(serial=11 + 2 * n), phone=f"1390551010{n}")
    screen = (await gql(GRADUATES, token=world.tokens["admin"]))["data"]["graduates"]
    done, rows = await exported(gql, client, world.tokens["admin"], "GRADUATES")
    assert done["rowCount"] == screen["totalCount"] == 5
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (e["node"]["name"], e["node"]["studentNumber"], e["node"]["idNumber"], e["node"]["phone"])
        for e in screen["edges"]]
    assert "*" not in "".join(column(done, rows, "身份证号码"))  # their own school's staff: in full
    # The screen's keyword filter narrows the file too.
    done, rows = await exported(gql, client, world.tokens["admin"], "GRADUATES", graduates={"keyword": "同学1"})
    assert column(done, rows, "姓名") == ["同学1"]


async def test_i11_6_rows_are_read_in_batches_in_the_screens_order(world, gql, client, monkeypatch):
    monkeypatch.setattr(batches, "BATCH", 2)
    for n in range(4):
        await factories.graduate(world.school, world.law, world.law_major, name=f"批次{n}")
    screen = (await gql(GRADUATES, token=world.tokens["law"]))["data"]["graduates"]
    done, rows = await exported(gql, client, world.tokens["law"], "GRADUATES")
    assert column(done, rows, "姓名") == [e["node"]["name"] for e in screen["edges"]] and len(rows) == 5


async def test_p1_print_list_export_has_the_print_management_columns(world, gql, client):
    first = await factories.approved_agreement(world.alice, world.employer)
    second = await factories.approved_agreement(world.bob, world.employer)
    await factories.signed_agreement(await factories.graduate(world.school, world.cs, world.cs_major),
                                     world.employer)  # awaiting review: not in print management
    screen = (await gql(PRINT_LIST, token=world.tokens["admin"]))["data"]["printList"]
    done, rows = await exported(gql, client, world.tokens["admin"], "PRINT_LIST")
    assert done["columns"][:8] == ["姓名", "学号", "院系", "专业", "用人单位", "统一社会信用代码", "单位性质",
                                   "打印次数"]
    assert [[*r[:8], r[10]] for r in rows] == [
        [n["graduateName"], n["studentNumber"], n["department"]["name"], n["major"], n["employerName"], n["uscc"],
         n["employerNature"]["label"], n["printCount"], n["agreement"]["number"]]
        for n in (e["node"] for e in screen["edges"])]
    assert column(done, rows, "协议编号") == [second.number, first.number]  # newest first, as on screen
    done, rows = await exported(gql, client, world.tokens["admin"], "PRINT_LIST", printList={"printed": True})
    assert rows == []


async def test_i11_6_national_destination_export_carries_the_national_codes(world, gql, client):
    employer = await factories.employer(name="合肥国资投资有限公司", login_name="state", nature="31",
                                        industry="35", location_code="340102", location_name="安徽省合肥市瑶海区")
    agreement = await factories.approved_agreement(world.alice, employer)
    done, rows = await exported(gql, client, world.tokens["admin"], "NATIONAL_DESTINATIONS")
    by_number = {r[done["columns"].index("学号")]: dict(zip(done["columns"], r, strict=True)) for r in rows}
    assert set(by_number) == {world.alice.student_number, world.bob.student_number}
    alice, bob = by_number[world.alice.student_number], by_number[world.bob.student_number]
    assert (alice["学校代码"], alice["学历代码"], alice["性别代码"], alice["生源地代码"]) == (
        "10363", "31", "1", "340104")
    assert (alice["毕业去向代码"], alice["毕业去向"]) == ("10", "签就业协议形式就业")
    assert (alice["单位性质代码"], alice["单位性质"], alice["单位行业代码"], alice["单位行业"]) == (
        "31", "国有企业", "35", "金融业")
    assert (alice["单位所在地代码"], alice["工作地点代码"], alice["协议书编号"]) == (
        "340102", "340104", agreement.number)
    assert alice["专业代码"] == world.cs_major.code and alice["统一社会信用代码"] == employer.uscc
    assert (bob["毕业去向代码"], bob["单位名称"], bob["单位性质代码"]) == ("70", None, None)  # empty cells
    assert done["rowCount"] == await Graduate.filter(school_id=world.school.id).count()


async def test_i11_6_cells_starting_like_a_formula_are_written_as_text(world, gql, client):
    names = ["=HYPERLINK(\"http://evil\",\"点我\")", "+1+2", "-3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    for n, name in enumerate(names):
        await factories.graduate(world.school, world.law, world.law_major, name=name,
                                 student_number=f"=9{n}")
    payload = await request(gql, world.tokens["law"], "GRADUATES")
    await jobs.run_pending()
    done = await job(gql, world.tokens["law"], payload["export"]["id"])
    sheet = (await workbook_of(client, done["url"])).active
    written = {}
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str) and c.value.startswith(RISKY_STARTS):
                written[c.value] = c
    for value in [*names, *(f"=9{n}" for n in range(len(names)))]:
        c = written[value]
        assert c.data_type == "s" and c.value == value and c.quotePrefix, (value, c.data_type)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


async def test_i11_6_the_link_goes_only_to_the_requesters_scope_and_expires(world, gql, client, clock):
    second_cs = await factories.staff("cs2", Role.DEPARTMENT_REVIEWER, school=world.school,
                                      department=world.cs)
    payload = await request(gql, world.tokens["cs"], "GRADUATES")
    export_id = payload["export"]["id"]
    before = await job(gql, world.tokens["cs"], export_id)
    assert before["state"] == "QUEUED" and before["url"] is None and before["rowCount"] is None
    await jobs.run_pending()
    mine = await job(gql, world.tokens["cs"], export_id)
    colleague = await job(gql, factories.token(Role.DEPARTMENT_REVIEWER, second_cs), export_id)
    assert mine["url"] and colleague["url"]  # staff of the same scope see the same list anyway
    for outsider in ("law", "admin", "other_admin", "province"):
        assert await job(gql, world.tokens[outsider], export_id) is None
    for who in ("alice",):
        r = await gql(JOB, {"id": export_id}, token=world.tokens[who])
        assert r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert mine["urlExpiresAt"]
    expires_at = dt.datetime.fromisoformat(mine["urlExpiresAt"])
    assert expires_at - clock.now().replace(microsecond=0) == dt.timedelta(seconds=get_settings().file_url_seconds)
    await workbook_of(client, mine["url"])
    clock.set(expires_at)
    parts = urlsplit(mine["url"])
    r = await client.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 403 and r.json()["errors"][0]["extensions"]["code"] == "FILE_LINK_EXPIRED"
    fresh = await job(gql, world.tokens["cs"], export_id)  # each read signs a new link
    await workbook_of(client, fresh["url"])


async def test_r3_every_export_is_in_the_audit_log_with_its_filters(world, gql, client):
    filters = {"departmentId": encode_id("Department", world.cs.id), "keyword": "陈"}
    await exported(gql, client, world.tokens["admin"], "GRADUATES", graduates=filters)
    export = await Export.get()
    requested = await AuditEntry.get(action="export.requested")
    assert (requested.actor_kind, requested.actor_id, requested.subject_id, requested.school_id) == (
        "staff", world.admin.id, export.id, world.school.id)
    assert requested.after == {"kind": "graduates", "filters": {"department_id": world.cs.id, "keyword": "陈"}}
    finished = await AuditEntry.get(action="export.finished")
    assert finished.after["row_count"] == 1 and finished.after["state"] == "ready"
    stored = await StoredFile.get(id=export.file_id)
    assert stored.purpose == "export" and stored.filename.endswith(".xlsx")


async def test_i11_6_a_filter_for_another_list_is_refused(world, gql):
    payload = await request(gql, world.tokens["admin"], "GRADUATES", printList={"printed": True})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["printList"], "INVALID_INPUT")]
    payload = await request(gql, world.tokens["admin"], "GRADUATES",
                            graduates={"departmentId": "not-an-id"})
    assert [e["code"] for e in payload["errors"]] == ["INVALID_ID"]
    assert await Export.all().count() == 0


async def test_i11_6_a_failed_export_says_so_and_a_stale_claim_is_taken_again(world, gql, clock, monkeypatch):
    payload = await request(gql, world.tokens["admin"], "GRADUATES")

    async def broken(*args, **kwargs):
        raise RuntimeError("disk full")
        yield  # pragma: no cover

    kind = jobs.KINDS["graduates"]
    monkeypatch.setitem(jobs.KINDS, "graduates", type(kind)(**{**kind.__dict__, "rows": broken}))
    await jobs.run_pending()
    failed = await job(gql, world.tokens["admin"], payload["export"]["id"])
    assert (failed["state"], failed["error"], failed["url"]) == ("FAILED", jobs.FAILED_MESSAGE, None)
    monkeypatch.undo()
    # A worker that died half way leaves a claim; after STALE another worker takes the export.
    payload = await request(gql, world.tokens["admin"], "GRADUATES")
    latest = await Export.all().order_by("-id").first()
    await Export.filter(id=latest.id).update(claimed_at=clock.now())
    assert await jobs.run_pending() == 0
    assert (await job(gql, world.tokens["admin"], payload["export"]["id"]))["state"] == "RUNNING"
    clock.advance(seconds=jobs.STALE.total_seconds() + 1)
    assert await jobs.run_pending() == 1
    assert (await job(gql, world.tokens["admin"], payload["export"]["id"]))["state"] == "READY"


@pytest.mark.parametrize("kind", sorted(jobs.KINDS))
async def test_i11_6_every_kind_exports_an_empty_list_with_its_headers(world, gql, client, kind):
    filters = {"graduates": {"graduates": {"keyword": "无此人"}},
               "statistics": {"statistics": {"graduationYear": 2030, "groupBy": "SCHOOL"}}}
    done, rows = await exported(gql, client, world.tokens["other_admin"], kind.upper(), **filters.get(kind, {}))
    assert done["columns"] == list(jobs.KINDS[kind].columns)
    if kind == "statistics":
        assert [row[:6] for row in rows] == [[2030, "学校", "合计", "合计", None, 0]]  # the total of no graduates
    elif kind not in ("graduates", "national_destinations"):
        assert rows == []


async def test_i11_6_the_workers_loop_writes_a_requested_export_without_waiting_for_its_poll(world, gql,
                                                                                             monkeypatch):
    from notifications import worker

    assert jobs.run_forever in worker.LOOPS
    monkeypatch.setattr(jobs, "POLL_SECONDS", 60)  # only the wake-up after the commit can start it in time
    task = asyncio.create_task(jobs.run_forever())
    try:
        await asyncio.sleep(0.2)  # the loop's first pass, over an empty table
        payload = await request(gql, world.tokens["admin"], "GRADUATES")
        for _ in range(200):
            done = await job(gql, world.tokens["admin"], payload["export"]["id"])
            if done["state"] == "READY":
                break
            await asyncio.sleep(0.05)
        assert done["state"] == "READY" and done["rowCount"] == 2
    finally:
        await worker.stop([task])


CORRECTION = """mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) {
  errors { code } correctionRequest { id } } }"""
CORRECTIONS = """query { correctionRequests(first: 100) { totalCount edges { node {
  fieldLabel currentValue requestedValue reason stateLabel graduate { name studentNumber } } } } }"""


async def test_r1_correction_requests_export_has_the_lists_columns_and_scope(world, gql, client):
    for token, field, value in ((world.tokens["alice"], "NAME", "陈晓鸣"),
                                (world.tokens["bob"], "CLASS_NAME", "法学 1")):
        r = await gql(CORRECTION, {"input": {"field": field, "requestedValue": value, "reason": "-录入有误"}},
                      token=token)
        assert r["data"]["requestCorrection"]["errors"] == [], r
    screen = (await gql(CORRECTIONS, token=world.tokens["cs"]))["data"]["correctionRequests"]
    done, rows = await exported(gql, client, world.tokens["cs"], "CORRECTION_REQUESTS")
    assert done["rowCount"] == screen["totalCount"] == 1
    node = screen["edges"][0]["node"]
    assert rows[0][:9] == [node["graduate"]["name"], node["graduate"]["studentNumber"], world.cs.name,
                           world.cs_major.name, node["fieldLabel"], node["currentValue"], node["requestedValue"],
                           node["reason"], node["stateLabel"]]
    done, rows = await exported(gql, client, world.tokens["admin"], "CORRECTION_REQUESTS",
                                correctionRequests={"state": "PENDING"})
    assert sorted(column(done, rows, "姓名")) == sorted([world.alice.name, world.bob.name])


def test_i11_6_every_export_module_imports_on_its_own():
    # The national sync imports exports.national on the signing path; in a fresh process that used to meet a
    # half-initialised graduates module (an import cycle through the registry) and fail every signing.
    import subprocess
    import sys

    from resolvers.exports import registry

    for name in registry.KINDS:
        module = registry.KINDS[name].rows.__module__
        result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
        assert result.returncode == 0, (module, result.stderr[-500:])
