"""Departments and majors (R2): the school's own admin creates and renames them, codes and names unique the way
roster import matches them, every change audited; a roster row may then name them."""

from pathlib import Path

from models import AuditEntry, Department, Major
from schema.relay import encode_id
from tests.test_roster_import import codes, person, upload, xlsx

OPS = Path(__file__).parent.parent / "frontend-contract/operations/console"
CREATE_DEPARTMENT = (OPS / "CreateDepartment.graphql").read_text()
UPDATE_DEPARTMENT = (OPS / "UpdateDepartment.graphql").read_text()
CREATE_MAJOR = (OPS / "CreateMajor.graphql").read_text()
UPDATE_MAJOR = (OPS / "UpdateMajor.graphql").read_text()


async def _call(gql, world, operation, root, token="admin", **values):
    r = await gql(operation, {"input": values}, token=world.tokens[token] if token else None)
    return r["data"][root]


def _errors(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_r2_school_admin_creates_a_department_and_its_major_for_the_roster(world, gql, client):
    dept = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", code=" 09 ", name=" 机械工程学院 ")
    assert dept["errors"] == [] and (dept["department"]["code"], dept["department"]["name"]) == ("09", "机械工程学院")
    major = await _call(gql, world, CREATE_MAJOR, "createMajor", departmentId=dept["department"]["id"],
                        code="080202", name="机械设计制造及其自动化")
    assert major["errors"] == []
    assert major["major"]["department"] == {"id": dept["department"]["id"], "name": "机械工程学院"}
    row = await Department.get(code="09")
    assert row.school_id == world.school.id
    assert await Major.filter(department_id=row.id, code="080202").exists()

    # The roster refused such rows before; now they import.
    result = await upload(client, xlsx([person("3220901001", "吴新", 41, 院系="机械工程学院", 专业="080202")]),
                          world.tokens["admin"])
    assert result["errors"] == [] and codes(result) == [] and result["result"]["createdCount"] == 1


async def test_r2_department_code_and_name_are_unique_within_the_school(world, gql):
    cases = [
        ({"code": "07", "name": "新学院"}, [(["code"], "DUPLICATE_CODE")]),
        ({"code": "7", "name": "新学院"}, [(["code"], "DUPLICATE_CODE")]),  # the roster reads 07 and 7 alike
        ({"code": "99", "name": "人文学院"}, [(["name"], "DUPLICATE_NAME")]),
        ({"code": "03", "name": "计算机与信息学院"}, [(["code"], "DUPLICATE_CODE"), (["name"], "DUPLICATE_NAME")]),
        ({"code": "0 7", "name": ""}, [(["code"], "INVALID_FORMAT"), (["name"], "REQUIRED")]),
        ({"code": "98", "name": "院" * 65}, [(["name"], "INVALID_FORMAT")]),
    ]
    for values, expected in cases:
        payload = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", **values)
        assert _errors(payload) == expected, values
        assert payload["department"] is None
    taken = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", code="07", name="新学院")
    assert taken["errors"][0]["message"] == "院系代码「07」与本校院系「计算机与信息学院」（代码 07）重复"
    # Another school's department of the same code and name is no clash.
    other = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", "other_admin", code="07",
                        name="计算机与信息学院")
    assert other["errors"] == []
    assert await Department.filter(school_id=world.school.id).count() == 2


async def test_r2_r3_department_renamed_and_audited(world, gql):
    gid = encode_id("Department", world.cs.id)
    payload = await _call(gql, world, UPDATE_DEPARTMENT, "updateDepartment", id=gid, name="计算机学院")
    assert payload["errors"] == [] and payload["department"] == {"id": gid, "code": "07", "name": "计算机学院"}
    unchanged = await _call(gql, world, UPDATE_DEPARTMENT, "updateDepartment", id=gid, code="07")
    assert unchanged["errors"] == []
    clash = await _call(gql, world, UPDATE_DEPARTMENT, "updateDepartment", id=gid, code="03")
    assert _errors(clash) == [(["code"], "DUPLICATE_CODE")]
    assert (await Department.get(id=world.cs.id)).code == "07"
    [entry] = await AuditEntry.filter(action="department.updated")
    assert (entry.subject_type, entry.subject_id, entry.school_id, entry.actor_id) == (
        "department", world.cs.id, world.school.id, world.admin.id)
    assert (entry.before, entry.after) == ({"name": "计算机与信息学院"}, {"name": "计算机学院"})
    created = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", code="09", name="机械工程学院")
    entry = await AuditEntry.get(action="department.created")
    assert entry.after == {"code": "09", "name": "机械工程学院"} and entry.school_id == world.school.id
    assert encode_id("Department", entry.subject_id) == created["department"]["id"]


async def test_r2_major_code_and_name_unique_within_the_department_and_audited(world, gql):
    cs = encode_id("Department", world.cs.id)
    cases = [
        ({"code": "M07", "name": "新专业"}, [(["code"], "DUPLICATE_CODE")]),
        ({"code": "080901", "name": "计算机与信息学院专业"}, [(["name"], "DUPLICATE_NAME")]),
        ({"code": "", "name": "新专业"}, [(["code"], "REQUIRED")]),
    ]
    for values, expected in cases:
        payload = await _call(gql, world, CREATE_MAJOR, "createMajor", departmentId=cs, **values)
        assert _errors(payload) == expected, values
    # The same code in another department of the school is allowed (the roster matches within a department).
    law = await _call(gql, world, CREATE_MAJOR, "createMajor", departmentId=encode_id("Department", world.law.id),
                      code="M07", name="计算机与信息学院专业")
    assert law["errors"] == []

    major = encode_id("Major", world.cs_major.id)
    renamed = await _call(gql, world, UPDATE_MAJOR, "updateMajor", id=major, code="080902", name="软件工程")
    assert renamed["errors"] == [] and (renamed["major"]["code"], renamed["major"]["name"]) == ("080902", "软件工程")
    entry = await AuditEntry.get(action="major.updated")
    assert entry.before == {"code": "M07", "name": "计算机与信息学院专业"}
    assert entry.after == {"code": "080902", "name": "软件工程"}
    assert (entry.school_id, entry.department_id) == (world.school.id, world.cs.id)
    assert await AuditEntry.filter(action="major.created").count() == 1


async def test_r2_only_the_schools_own_admin_changes_its_structure(world, gql):
    cs, major = encode_id("Department", world.cs.id), encode_id("Major", world.cs_major.id)
    for who, code in (("other_admin", "PERMISSION_DENIED"), ("cs", "PERMISSION_DENIED"),
                      ("province", "PERMISSION_DENIED"), ("alice", "PERMISSION_DENIED"),
                      ("employer", "PERMISSION_DENIED"), (None, "UNAUTHENTICATED")):
        for operation, root, values in (
            (UPDATE_DEPARTMENT, "updateDepartment", {"id": cs, "name": "改名"}),
            (CREATE_MAJOR, "createMajor", {"departmentId": cs, "code": "X1", "name": "新专业"}),
            (UPDATE_MAJOR, "updateMajor", {"id": major, "name": "改名"}),
        ):
            payload = await _call(gql, world, operation, root, who, **values)
            assert [e["code"] for e in payload["errors"]] == [code], (who, root)
        if who != "other_admin":
            payload = await _call(gql, world, CREATE_DEPARTMENT, "createDepartment", who, code="X1", name="新学院")
            assert [e["code"] for e in payload["errors"]] == [code], who
    assert (await Department.get(id=world.cs.id)).name == "计算机与信息学院"
    assert await Major.filter(code="X1").count() == 0 and await Department.filter(code="X1").count() == 0
    assert await AuditEntry.filter(action__startswith="department.").count() == 0


async def test_unknown_or_mistyped_ids_are_refused(world, gql):
    missing = await _call(gql, world, UPDATE_DEPARTMENT, "updateDepartment", id=encode_id("Department", 9999),
                          name="x")
    assert _errors(missing) == [(["id"], "NOT_FOUND")]
    wrong_type = await _call(gql, world, CREATE_MAJOR, "createMajor", departmentId=encode_id("Major", world.cs.id),
                             code="X", name="x")
    assert _errors(wrong_type) == [(["departmentId"], "INVALID_ID")]
    missing_major = await _call(gql, world, UPDATE_MAJOR, "updateMajor", id=encode_id("Major", 9999), name="x")
    assert _errors(missing_major) == [(["id"], "NOT_FOUND")]
