"""Roster import (issue 2 §4): a school admin uploads .xlsx or .csv through the GraphQL multipart endpoint."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric
from strawberry import relay

from models import AuditEntry, Graduate
from resolvers.viewer import Role
from server import crypto
from tests import factories

IMPORT = (Path(__file__).parent.parent / "frontend-contract/operations/console/ImportRoster.graphql").read_text()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GRADUATE = """query($id: ID!) { node(id: $id) { ... on Graduate {
  name studentNumber idNumber phone isBound gender { code } educationLevel { code } ethnicity { code }
  politicalStatus { code } trainingMode { code } department { name } major { name } originRegion { code name }
  className lengthOfSchooling } } }"""


def idn(serial: int, birth: str = "20030415") -> str:
    """A valid resident ID (factories.id_number misplaces the check digit: stdnum expects it included)."""
    body = f"340104{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


async def give_id_number(graduate: Graduate, serial: int) -> str:
    number = idn(serial)
    graduate.id_number_enc, graduate.id_number_hash = crypto.encrypt(number), crypto.lookup_hash(number)
    await graduate.save(update_fields=["id_number_enc", "id_number_hash"])
    return number


def person(student_number: str, name: str, serial: int, **columns) -> dict:
    return {"学号": student_number, "姓名": name, "身份证号": idn(serial), "学历": "31",
            "院系": "07", "专业": "M07", "手机号": "13800001234", "生源所在地代码": "340104",
            "生源所在地": "安徽省合肥市蜀山区", **columns}


def _table(people: list[dict]) -> tuple[list[str], list[list]]:
    header = list(dict.fromkeys(k for p in people for k in p))
    return header, [[p.get(h) for h in header] for p in people]


def xlsx(people: list[dict]) -> bytes:
    header, rows = _table(people)
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(people: list[dict], encoding: str) -> bytes:
    header, rows = _table(people)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


async def upload(client, content: bytes, token: str | None, *, filename: str = "名单.xlsx", year: int = 2026,
                 **options) -> dict:
    operations = {"query": IMPORT, "variables": {"input": {"file": None, "graduationYear": year, **options}}}
    r = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": (filename, content, XLSX if filename.endswith(".xlsx") else "text/csv")},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"]["importRoster"]


async def read_graduate(gql, token: str, student_number: str, school_id: int) -> dict:
    row = await Graduate.get(student_number=student_number, school_id=school_id)
    return (await gql(GRADUATE, {"id": str(relay.GlobalID("Graduate", str(row.id)))}, token=token))["data"]["node"]


def codes(payload: dict) -> list[tuple[int, str | None, str]]:
    return [(e["line"], e["column"], e["code"]) for e in payload["result"]["rowErrors"]]


async def test_good_xlsx_imports_and_admin_reads_the_graduates(world, client, gql):
    people = [
        person("3220702001", "王小明", 101, 民族="01", 政治面貌="共青团员", 班级="计科 2201", 学制=4),
        person("3220302002", "李华", 102, 学历="本科生毕业", 院系="人文学院", 专业="人文学院专业", 民族="汉族",
               培养方式="定向", 性别="女"),
    ]
    people[1]["身份证号"] = idn(104)  # an even sequence digit: a woman
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert payload["errors"] == [], payload["result"]["rowErrors"]
    assert payload["result"] == {"totalRows": 2, "createdCount": 2, "updatedCount": 0, "unchangedCount": 0,
                                 "rowErrors": []}

    wang = await read_graduate(gql, world.tokens["admin"], "3220702001", world.school.id)
    assert wang == {
        "name": "王小明", "studentNumber": "3220702001", "idNumber": idn(101),
        "phone": "13800001234", "isBound": False, "gender": {"code": "1"}, "educationLevel": {"code": "31"},
        "ethnicity": {"code": "01"}, "politicalStatus": {"code": "03"}, "trainingMode": {"code": "1"},
        "department": {"name": "计算机与信息学院"}, "major": {"name": "计算机与信息学院专业"},
        "originRegion": {"code": "340104", "name": "安徽省合肥市蜀山区"}, "className": "计科 2201",
        "lengthOfSchooling": 4,
    }
    li = await read_graduate(gql, world.tokens["admin"], "3220302002", world.school.id)
    assert (li["gender"], li["trainingMode"], li["department"]) == ({"code": "2"}, {"code": "2"}, {"name": "人文学院"})


async def test_roster_template_columns_list_the_required_ones(gql, world):
    columns = (await gql("{ rosterTemplateColumns { name required description } }"))["data"]["rosterTemplateColumns"]
    assert [c["name"] for c in columns if c["required"]] == ["学号", "姓名", "身份证号", "学历", "院系", "专业"]
    assert {"生源所在地代码", "手机号", "家庭地址", "电子邮箱"} <= {c["name"] for c in columns}


async def test_csv_in_utf8_with_bom_and_in_gbk(world, client, gql):
    for encoding, number, serial in (("utf-8-sig", "3220702101", 111), ("gbk", "3220702102", 112)):
        content = csv_bytes([person(number, "欧阳娜娜", serial, 院系="计算机与信息学院", 学历="本科生毕业")], encoding)
        payload = await upload(client, content, world.tokens["admin"], filename="名单.csv")
        assert payload["errors"] == [], encoding
        assert payload["result"]["createdCount"] == 1, encoding
        graduate = await read_graduate(gql, world.tokens["admin"], number, world.school.id)
        assert graduate["name"] == "欧阳娜娜"
        assert graduate["department"] == {"name": "计算机与信息学院"}


def _bad_birth_date_id() -> str:
    return idn(123, birth="20030230")  # 30 February


async def test_bad_rows_are_listed_by_line_and_nothing_is_imported(world, client):
    good_id = idn(121)
    wrong_checksum = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    people = [
        person("3220702201", "正确行", 120),
        person("3220702202", "校验位错", 122, 身份证号=wrong_checksum),
        person("3220702203", "日期错", 123, 身份证号=_bad_birth_date_id()),
        person("3220702204", "学号重复甲", 124),
        person("3220702204", "学号重复乙", 125),
        person("3220702206", "院系不存在", 126, 院系="99"),
        person("3220702207", "专业不存在", 127, 专业="不存在的专业"),
        person("3220702208", "手机错", 128, 手机号="12345"),
        person("", "缺学号", 129),
    ]
    before = await Graduate.all().count()
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert [e["code"] for e in payload["errors"]] == ["ROSTER_HAS_ERRORS"]
    assert codes(payload) == [
        (3, "身份证号", "INVALID_ID_NUMBER"),
        (4, "身份证号", "INVALID_ID_NUMBER"),
        (5, "学号", "DUPLICATE_ROW"),
        (6, "学号", "DUPLICATE_ROW"),
        (7, "院系", "UNKNOWN_DEPARTMENT"),
        (8, "专业", "UNKNOWN_MAJOR"),
        (9, "手机号", "INVALID_PHONE"),
        (10, "学号", "REQUIRED"),
    ]
    errors = payload["result"]["rowErrors"]
    assert "出生日期" in errors[1]["message"]
    assert "第 5、6 行" in errors[2]["message"]
    assert payload["result"]["createdCount"] == 0 and payload["result"]["totalRows"] == 9
    assert await Graduate.all().count() == before
    assert not await AuditEntry.filter(action__startswith="roster.").exists()


async def test_import_valid_rows_imports_only_the_good_rows(world, client):
    people = [
        person("3220702301", "甲", 130),
        person("3220702302", "乙", 131, 院系="99"),
        person("3220702303", "丙", 132),
    ]
    payload = await upload(client, xlsx(people), world.tokens["admin"], importValidRows=True)
    assert payload["errors"] == []
    assert payload["result"]["createdCount"] == 2
    assert codes(payload) == [(3, "院系", "UNKNOWN_DEPARTMENT")]
    imported = await Graduate.filter(student_number__startswith="32207023").values_list("name", flat=True)
    assert set(imported) == {"甲", "丙"}


async def test_an_id_number_repeated_for_the_same_level_is_a_duplicate_row(world, client):
    twin = idn(140)
    people = [person("3220702401", "甲", 140), person("3220702402", "乙", 140, 身份证号=twin),
              person("3220702403", "丙", 140, 学历="11")]  # another level: a master's record of the same person
    payload = await upload(client, xlsx(people), world.tokens["admin"], importValidRows=True)
    assert codes(payload) == [(2, "身份证号", "DUPLICATE_ROW"), (3, "身份证号", "DUPLICATE_ROW")]
    assert payload["result"]["createdCount"] == 1


async def test_o1_reimport_updates_the_school_fields_and_keeps_what_the_graduate_set(world, client, gql):
    alice = world.alice
    await give_id_number(alice, 3)
    alice.openid = "wx-openid-alice"
    await alice.save(update_fields=["openid"])
    row = person("3220701001", "陈晓明（更正）", 3, 手机号="13812345678", 生源所在地代码="110105",
                 生源所在地="北京市朝阳区", 家庭地址="合肥市蜀山区黄山路 1 号")
    payload = await upload(client, xlsx([row]), world.tokens["admin"])
    assert payload["errors"] == []
    assert payload["result"]["updatedCount"] == 1 and payload["result"]["createdCount"] == 0

    seen = await read_graduate(gql, world.tokens["admin"], "3220701001", world.school.id)
    assert seen["name"] == "陈晓明（更正）"
    assert seen["isBound"] is True
    assert seen["phone"] == "13905510001"  # the graduate's own, not the file's
    assert seen["originRegion"]["code"] == "340104"
    assert await Graduate.filter(student_number="3220701001").count() == 1
    # The home address was still empty: the file may fill it.
    assert (await Graduate.get(id=alice.id)).home_address == "合肥市蜀山区黄山路 1 号"

    again = await upload(client, xlsx([row]), world.tokens["admin"])
    assert again["result"] == {"totalRows": 1, "createdCount": 0, "updatedCount": 0, "unchangedCount": 1,
                               "rowErrors": []}
    assert await AuditEntry.filter(action="roster.updated").count() == 1


async def test_numeric_excel_cells_are_read_as_text_and_a_truncated_id_number_is_refused(world, client, gql):
    people = [
        person(3220702501.0, "数字学号", 150, 学历=31, 院系=7, 手机号=13800005678, 生源所在地代码=340104, 民族=1,
               学制=4.0),
        person(3220702502, "科学计数", 151, 身份证号=float(idn(151))),
        person("3220702503", "截成整数", 152, 身份证号=340104200304150000),
    ]
    payload = await upload(client, xlsx(people), world.tokens["admin"], importValidRows=True)
    assert codes(payload) == [(3, "身份证号", "INVALID_ID_NUMBER"), (4, "身份证号", "INVALID_ID_NUMBER")]
    assert "截断" in payload["result"]["rowErrors"][0]["message"]
    seen = await read_graduate(gql, world.tokens["admin"], "3220702501", world.school.id)
    assert (seen["studentNumber"], seen["phone"], seen["ethnicity"], seen["department"], seen["lengthOfSchooling"]) \
        == ("3220702501", "13800005678", {"code": "01"}, {"name": "计算机与信息学院"}, 4)


async def test_csv_with_an_id_number_excel_wrote_in_scientific_notation_is_refused(world, client):
    content = csv_bytes([person("3220702601", "甲", 160, 身份证号="3.40104E+17")], "gbk")
    payload = await upload(client, content, world.tokens["admin"], filename="名单.csv")
    assert codes(payload) == [(2, "身份证号", "INVALID_ID_NUMBER")]


async def test_gender_given_must_agree_with_the_id_number(world, client):
    payload = await upload(client, xlsx([person("3220702701", "甲", 171, 性别="女")]), world.tokens["admin"])
    assert codes(payload) == [(2, "性别", "INVALID_INPUT")]


async def test_a_missing_required_column_is_one_clear_error(world, client):
    people = [{k: v for k, v in person("3220702801", "甲", 180).items() if k not in ("身份证号", "专业")}]
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert payload["result"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("REQUIRED", ["file"])]
    assert payload["errors"][0]["message"] == "名单缺少必填列：身份证号、专业"


async def test_a_file_with_only_the_header_is_refused(world, client):
    header_only = xlsx([person("3220702802", "甲", 181)])
    book = openpyxl.load_workbook(io.BytesIO(header_only))
    book.active.delete_rows(2)
    out = io.BytesIO()
    book.save(out)
    payload = await upload(client, out.getvalue(), world.tokens["admin"])
    assert [(e["code"], e["message"]) for e in payload["errors"]] == [("REQUIRED", "名单中没有毕业生数据")]


async def test_an_unreadable_file_is_refused(world, client):
    for content, name in ((b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "照片.csv"), (b"PK\x03\x04broken", "名单.xlsx"),
                          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "名单.xls")):
        payload = await upload(client, content, world.tokens["admin"], filename=name)
        assert [e["code"] for e in payload["errors"]] == ["ROSTER_UNREADABLE"], name


async def test_b4_new_records_get_the_initial_password_and_must_change_it(world, client, gql):
    await give_id_number(world.alice, 3)
    weak = await upload(client, xlsx([person("3220702901", "甲", 190)]), world.tokens["admin"],
                        initialPassword="123456")
    assert [(e["code"], e["field"]) for e in weak["errors"]] == [("WEAK_PASSWORD", ["initialPassword"])]
    people = [person("3220702901", "甲", 190), person("3220701001", "陈晓明", 3)]
    payload = await upload(client, xlsx(people), world.tokens["admin"], initialPassword="Start2026a")
    assert payload["result"]["createdCount"] == 1

    login = """mutation($input: GraduatePasswordLoginInput!) { graduatePasswordLogin(input: $input) {
      passwordChangeRequired errors { code } } }"""
    school = str(relay.GlobalID("School", str(world.school.id)))
    new = await gql(login, {"input": {"schoolId": school, "studentNumber": "3220702901", "password": "Start2026a"}})
    assert new["data"]["graduatePasswordLogin"] == {"passwordChangeRequired": True, "errors": []}
    # Alice keeps her own password.
    kept = await gql(login, {"input": {"schoolId": school, "studentNumber": "3220701001",
                                       "password": factories.PASSWORD}})
    assert kept["data"]["graduatePasswordLogin"] == {"passwordChangeRequired": False, "errors": []}


async def test_only_a_school_admin_may_import(world, client):
    content = xlsx([person("3220703001", "甲", 200)])
    for who in ("cs", "province", "alice", "employer"):
        payload = await upload(client, content, world.tokens[who])
        assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"], who
        assert payload["result"] is None
    anonymous = await upload(client, content, None)
    assert [e["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    # Another school's admin imports into their own school, where this school's departments do not exist.
    other = await upload(client, content, world.tokens["other_admin"])
    assert codes(other) == [(2, "院系", "UNKNOWN_DEPARTMENT")]
    assert not await Graduate.filter(student_number="3220703001").exists()


async def test_r2_another_schools_graduates_are_untouched(world, client):
    carol = world.carol
    # The same student number at this school is a different person's record.
    same_number = person("2201001", "本校同学号", 210)
    # Carol's ID number for the same year and level belongs to her record at the other school.
    carol_id = await give_id_number(carol, 7)
    payload = await upload(client, xlsx([same_number, person("3220703102", "冒用", 7, 身份证号=carol_id)]),
                           world.tokens["admin"], importValidRows=True)
    assert codes(payload) == [(3, "身份证号", "DUPLICATE_ROW")]
    assert payload["result"]["createdCount"] == 1
    fresh = await Graduate.get(id=carol.id)
    assert (fresh.name, fresh.school_id, fresh.department_id) == ("林小雨", world.other_school.id, world.other_dept.id)
    assert await Graduate.filter(student_number="2201001").count() == 2


async def test_audit_entries_are_written_without_the_id_number_in_clear(world, client):
    await give_id_number(world.alice, 3)
    new_id = idn(220)
    people = [person("3220703201", "审计甲", 220, 手机号="13811112222"),
              person("3220701001", "陈晓明（改）", 3)]
    payload = await upload(client, xlsx(people), world.tokens["admin"])
    assert payload["result"]["createdCount"] == 1 and payload["result"]["updatedCount"] == 1

    created = await AuditEntry.get(action="roster.created")
    graduate = await Graduate.get(student_number="3220703201")
    assert (created.subject_type, created.subject_id, created.actor_id) == ("graduate", graduate.id, world.admin.id)
    assert (created.school_id, created.department_id) == (world.school.id, world.cs.id)
    assert created.after["name"] == "审计甲" and created.after["id_number_enc"] == "***"
    updated = await AuditEntry.get(action="roster.updated")
    assert (updated.subject_id, updated.before, updated.after) == (
        world.alice.id, {"name": "陈晓明"}, {"name": "陈晓明（改）"})
    everything = json.dumps([e.before or e.after for e in await AuditEntry.all()], ensure_ascii=False)
    assert new_id not in everything and "13811112222" not in everything


async def test_reimport_corrects_department_major_and_id_number_in_bulk(world, client, gql):
    first = [person("3220703301", "甲", 230, 班级="一班"), person("3220703302", "乙", 231, 班级="一班")]
    assert (await upload(client, xlsx(first), world.tokens["admin"]))["result"]["createdCount"] == 2
    corrected = [person("3220703301", "甲", 230, 院系="03", 专业="M03", 班级="二班"),
                 person("3220703302", "乙", 233, 班级="一班")]
    payload = await upload(client, xlsx(corrected), world.tokens["admin"])
    assert payload["result"]["updatedCount"] == 2 and payload["errors"] == []
    moved = await read_graduate(gql, world.tokens["admin"], "3220703301", world.school.id)
    assert (moved["department"], moved["major"], moved["className"]) == (
        {"name": "人文学院"}, {"name": "人文学院专业"}, "二班")
    fixed = await read_graduate(gql, world.tokens["admin"], "3220703302", world.school.id)
    assert fixed["idNumber"] == idn(233)
    fixed_id = (await Graduate.get(student_number="3220703302")).id
    entry = await AuditEntry.get(action="roster.updated", subject_id=fixed_id)
    assert entry.before == {"id_number_enc": "***"} and entry.after == {"id_number_enc": "***"}
    # The department reviewer of the new department now sees the moved graduate.
    assert (await read_graduate(gql, world.tokens["law"], "3220703301", world.school.id))["name"] == "甲"


@pytest.mark.postgres_only
async def test_two_admins_importing_the_same_file_at_once_never_duplicate(world, client):
    second_admin = await factories.staff("admin1b", Role.SCHOOL_ADMIN, school=world.school)
    content = xlsx([person(f"32207034{n:02d}", f"并发{n}", 240 + n) for n in range(30)])
    payloads = await asyncio.gather(upload(client, content, world.tokens["admin"]),
                                    upload(client, content, factories.token(Role.SCHOOL_ADMIN, second_admin)))
    for payload in payloads:
        assert payload["errors"] == [] or [e["code"] for e in payload["errors"]] == ["STALE_STATE"]
    assert any(p["errors"] == [] and p["result"]["createdCount"] == 30 for p in payloads)
    assert await Graduate.filter(student_number__startswith="32207034").count() == 30
    assert await AuditEntry.filter(action="roster.created").count() == 30
