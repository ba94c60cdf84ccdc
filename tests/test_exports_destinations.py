"""Issue 11 §6 with destination registration and statistics (D1-D5, R1, R2, X4): the destination list, the
destination reviews of the queue, the national export from an approved registration, and the statistics, each
exported with the screen's columns and rows, read back with openpyxl and compared with what GraphQL shows."""

from __future__ import annotations

from pathlib import Path

from models import Export
from resolvers.destination.catalog import BY_CHOICE
from resolvers.exports import jobs
from resolvers.exports.statistics import COLUMNS as STATISTICS_COLUMNS
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories
from tests.test_destinations import VOID, call, register, review_of, submitted
from tests.test_exports import column, exported, job, request
from tests.test_statistics import _fixture as statistics_fixture

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
LIST = (OPS / "console/Destinations.graphql").read_text()
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()
STATISTICS = (OPS / "console/Statistics.graphql").read_text()


def details_cell(node: dict) -> str:
    """The registered fields as the screen lists them, in the export's one cell."""
    return "；".join(f"{d['label']}：{d['value']}" for d in node["details"])


async def approved(gql, client, graduate, type_code: str, sub_type: str | None = None) -> dict:
    destination = await submitted(gql, client, factories.token(Role.GRADUATE, graduate),
                                  BY_CHOICE[(type_code, sub_type)])
    await factories.approve(await review_of(destination["id"]))
    return destination


async def test_d4_destination_list_export_has_the_lists_columns_rows_filters_and_scope(world, gql, client):
    law2 = await factories.graduate(world.school, world.law, world.law_major, name="法二",
                                    idn=factories.id_number(serial=21))
    voided = await approved(gql, client, world.alice, "46")
    assert (await call(gql, VOID, world.tokens["alice"], id=voided["id"], reason="未能入伍"))["errors"] == []
    await approved(gql, client, world.alice, "27", "271")
    await submitted(gql, client, world.tokens["bob"], BY_CHOICE[("80", "P80A")])
    await register(gql, factories.token(Role.GRADUATE, law2), BY_CHOICE[("70", "P70A")])
    await register(gql, world.tokens["carol"], BY_CHOICE[("75", None)])  # another school's
    screen = (await gql(LIST, {"first": 100}, token=world.tokens["admin"]))["data"]["destinations"]

    done, rows = await exported(gql, client, world.tokens["admin"], "DESTINATIONS")

    assert done["rowCount"] == screen["totalCount"] == 4
    on_screen = [(n["graduate"]["name"], n["graduate"]["studentNumber"], n["department"]["name"], n["type"],
                  n["typeLabel"], n["subTypeLabel"] or "", n["nationalCode"], n["stateLabel"], details_cell(n),
                  n["proofsCount"]) for n in (e["node"] for e in screen["edges"])]
    in_file = [tuple("" if r[i] is None else r[i] for i in (0, 1, 2, 3, 4, 5, 6, 7, 9, 10)) for r in rows]
    assert in_file == on_screen  # newest first, as on screen
    assert column(done, rows, "报送代码") == ["70", "80", "271", "46"]  # P… report as their two-digit parent
    assert column(done, rows, "状态")[3] == "已作废" and column(done, rows, "作废时间")[3]
    assert column(done, rows, "录入人") == ["毕业生本人"] * 4
    # The list's filters narrow the file as they narrow the screen; a department reviewer gets their department.
    done, rows = await exported(gql, client, world.tokens["admin"], "DESTINATIONS",
                                destinations={"state": "APPROVED", "type": "27"})
    assert column(done, rows, "报送代码") == ["271"]
    done, rows = await exported(gql, client, world.tokens["law"], "DESTINATIONS")
    assert column(done, rows, "姓名") == ["法二", world.bob.name]
    done, rows = await exported(gql, client, world.tokens["admin"], "DESTINATIONS",
                                destinations={"departmentId": encode_id("Department", world.cs.id)})
    assert column(done, rows, "姓名") == [world.alice.name] * 2


async def test_r1_destination_reviews_in_the_queue_export_show_what_the_queue_shows(world, gql, client):
    await factories.signed_agreement(world.bob, world.employer)
    await submitted(gql, client, world.tokens["alice"], BY_CHOICE[("11", None)])
    screen = (await gql(QUEUE, {"filter": {"state": "PENDING_DEPARTMENT"}, "first": 50},
                        token=world.tokens["admin"]))["data"]["reviewQueue"]

    done, rows = await exported(gql, client, world.tokens["admin"], "REVIEW_QUEUE",
                                reviewQueue={"state": "PENDING_DEPARTMENT"})

    assert done["rowCount"] == screen["totalCount"] == 2
    by_subject = {r[0]: dict(zip(done["columns"], ("" if v is None else v for v in r), strict=True)) for r in rows}
    [node] = [e["node"] for e in screen["edges"] if e["node"]["subjectType"] == "DESTINATION"]
    destination, row = node["destination"], by_subject["去向登记"]
    assert (row["姓名"], row["学号"], row["院系"], row["审核状态"], row["轮次"]) == (
        node["graduate"]["name"], node["graduate"]["studentNumber"], node["department"]["name"], node["stateLabel"],
        node["round"])
    assert (row["毕业去向"], row["具体去向"], row["报送代码"], row["登记内容"], row["证明材料份数"]) == (
        f"{destination['type']} {destination['typeLabel']}", destination["subTypeLabel"] or "",
        destination["nationalCode"], details_cell(destination), destination["proofsCount"])
    assert row["证明材料份数"] == 2 and "合同期限（月）：36" in row["登记内容"]
    assert (row["用人单位"], row["协议编号"], row["解约原因"]) == ("", "", "")  # as the queue shows: none
    signing = by_subject["网签协议"]
    assert signing["用人单位"] == world.employer.name and signing["毕业去向"] == "" and signing["协议编号"]
    done, rows = await exported(gql, client, world.tokens["cs"], "REVIEW_QUEUE",
                                reviewQueue={"subjectType": "DESTINATION"})
    assert column(done, rows, "审核对象") == ["去向登记"] and column(done, rows, "姓名") == [world.alice.name]


async def test_d3_national_export_takes_the_approved_destination_record(world, gql, client):
    law2 = await factories.graduate(world.school, world.law, world.law_major, name="法二", student_number="S-law2",
                                   idn=factories.id_number(serial=21))
    law3 = await factories.graduate(world.school, world.law, world.law_major, name="法三", student_number="S-law3",
                                   idn=factories.id_number(serial=23))
    await approved(gql, client, world.alice, "11")
    await approved(gql, client, world.bob, "80", "P80A")
    await approved(gql, client, law2, "50", "502")
    await submitted(gql, client, factories.token(Role.GRADUATE, law3), BY_CHOICE[("75", None)])  # not yet approved

    done, rows = await exported(gql, client, world.tokens["admin"], "NATIONAL_DESTINATIONS")

    by_number = {r[done["columns"].index("学号")]: dict(zip(done["columns"], r, strict=True)) for r in rows}
    alice, bob = by_number[world.alice.student_number], by_number[world.bob.student_number]
    lab, waiting = by_number["S-law2"], by_number["S-law3"]
    assert (alice["毕业去向代码"], alice["毕业去向"], alice["单位名称"], alice["统一社会信用代码"]) == (
        "11", "签劳动合同形式就业", "芜湖市镜湖区人民医院", "91340200713920435Q")
    assert (alice["单位性质代码"], alice["单位性质"], alice["单位行业代码"], alice["单位行业"]) == (
        "23", "医疗卫生单位", "43", "卫生和社会工作")
    assert (alice["单位所在地代码"], alice["单位所在地"], alice["工作地点代码"], alice["协议书编号"]) == (
        "340202", "安徽省芜湖市镜湖区", "340202", None)
    # A project sub-code reports as its two-digit parent; a national three-digit code as itself.
    assert (bob["毕业去向代码"], bob["毕业去向"], bob["单位名称"], bob["单位所在地代码"]) == (
        "80", "升学", "中国科学技术大学", "340202")
    assert (lab["毕业去向代码"], lab["毕业去向"], lab["单位名称"], lab["单位所在地代码"]) == (
        "502", "三支一扶", "芜湖市镜湖区人民医院", "340202")
    assert (waiting["毕业去向代码"], waiting["单位名称"]) == ("70", None)  # waiting for review: not registered


def _screen_rows(stats: dict) -> list[tuple]:
    """The statistics screen's rows in the export's order of figures (the groups, then the total)."""
    def figures(f: dict) -> tuple:
        counts = {d["destination"]["code"]: d["count"] for d in f["destinations"]}
        destination_columns = [c.split()[1] for c in STATISTICS_COLUMNS if c.startswith("去向 ")]
        return (f["graduates"], f["onlineSigning"]["signedOnline"], f["onlineSigning"]["agreementEmployment"],
                f["onlineSigning"]["ratio"], f["placement"]["placed"], f["placement"]["graduates"],
                f["placement"]["ratio"], *(s["count"] for s in f["agreementsByState"]),
                *(counts.get(code, 0) for code in destination_columns))
    return [*((g["code"], g["name"], g["schoolName"] or "", *figures(g["figures"])) for g in stats["groups"]),
            ("合计", "合计", "", *figures(stats["total"]))]


def _file_rows(rows: list[list]) -> list[tuple]:
    return [tuple("" if v is None else v for v in r[2:]) for r in rows]


async def test_x4_statistics_export_has_each_grouping_as_on_screen(world, gql, client):
    await statistics_fixture(world, gql, client)
    for grouping, label in (("SCHOOL", "学校"), ("DEPARTMENT", "院系"), ("MAJOR", "专业"), ("EDUCATION_LEVEL", "学历")):
        r = await gql(STATISTICS, {"graduationYear": 2026, "groupBy": grouping}, token=world.tokens["admin"])
        screen = r["data"]["statistics"]
        done, rows = await exported(gql, client, world.tokens["admin"], "STATISTICS",
                                    statistics={"graduationYear": 2026, "groupBy": grouping})
        assert done["columns"] == list(STATISTICS_COLUMNS)
        assert {(r[0], r[1]) for r in rows} == {(2026, label)}
        assert _file_rows(rows) == [tuple("" if v is None else v for v in row) for row in _screen_rows(screen)]
    # The hand counts of tests/test_statistics.py, as the file has them: the school's total row.
    total = dict(zip(done["columns"], rows[-1], strict=True))
    assert (total["毕业生数"], total["网签数（分子）"], total["签就业协议形式就业人数（分母）"], total["网签占比"],
            total["已落实去向人数（分子）"], total["毕业生总数（分母）"], total["去向落实率"]) == (
        12, 3, 4, 0.75, 6, 12, 0.5)
    assert (total["去向 70 待就业"], total["去向 80 升学"], total["协议数：解锁作废"]) == (6, 1, 1)


async def test_x4_r2_a_department_reviewer_exports_their_departments_statistics(world, gql, client):
    await statistics_fixture(world, gql, client)
    _, rows = await exported(gql, client, world.tokens["law"], "STATISTICS",
                                statistics={"graduationYear": 2026, "groupBy": "DEPARTMENT"})
    assert [(r[3], r[5]) for r in rows] == [(world.law.name, 5), ("合计", 5)]


async def test_x4_the_province_exports_its_schools_statistics_and_no_other_list(world, gql, client):
    await statistics_fixture(world, gql, client)
    variables = {"graduationYear": 2026, "groupBy": "SCHOOL"}
    screen = (await gql(STATISTICS, variables, token=world.tokens["province"]))["data"]["statistics"]
    done, rows = await exported(gql, client, world.tokens["province"], "STATISTICS", statistics=variables)
    assert _file_rows(rows) == [tuple("" if v is None else v for v in row) for row in _screen_rows(screen)]
    assert [r[3] for r in rows] == [world.school.name, world.other_school.name, "合计"]
    # One school of its own; a school of another province fails as the screen refuses it.
    done, rows = await exported(gql, client, world.tokens["province"], "STATISTICS",
                                statistics={**variables, "groupBy": "DEPARTMENT",
                                            "schoolId": encode_id("School", world.other_school.id)})
    assert [r[3] for r in rows] == [world.other_dept.name, "合计"]
    await refused_out_of_scope(gql, world.tokens["province"], world.far_school)
    # The province's file is for the province's officers, not for a school's staff.
    assert await job(gql, world.tokens["admin"], done["id"]) is None
    for kind in ("GRADUATES", "DESTINATIONS", "REVIEW_QUEUE", "NATIONAL_DESTINATIONS"):
        payload = await request(gql, world.tokens["province"], kind)
        assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"], kind


async def refused_out_of_scope(gql, token: str, school) -> None:
    """Refused when asked, as the screen refuses it: NOT_FOUND on the school, and nothing queued for the worker."""
    before = await Export.all().count()
    payload = await request(gql, token, "STATISTICS", statistics={
        "graduationYear": 2026, "groupBy": "DEPARTMENT", "schoolId": encode_id("School", school.id)})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["statistics", "schoolId"], "NOT_FOUND")]
    assert payload["export"] is None
    assert await Export.all().count() == before
    assert await jobs.run_pending() == 0


async def test_x4_r2_a_statistics_export_of_a_school_outside_the_scope_is_refused_when_asked(world, gql):
    await refused_out_of_scope(gql, world.tokens["admin"], world.other_school)
    await refused_out_of_scope(gql, world.tokens["law"], world.other_school)
    await refused_out_of_scope(gql, world.tokens["province"], world.far_school)


async def test_x4_a_statistics_export_names_its_class_and_grouping(world, gql):
    payload = await request(gql, world.tokens["admin"], "STATISTICS")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["statistics"], "REQUIRED")]
