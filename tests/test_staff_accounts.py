"""Department reviewer accounts (R2, B4): the school admin creates them for the school's own departments with an
initial password to change at first login, lists the school's staff, and deactivates or reactivates them."""

from pathlib import Path

from models import AuditEntry, Staff
from schema.relay import encode_id
from tests.test_identity_password import CHANGE, STAFF_LOGIN

OPS = Path(__file__).parent.parent / "frontend-contract/operations/console"
CREATE = (OPS / "CreateStaffAccount.graphql").read_text()
SET_ACTIVE = (OPS / "SetStaffActive.graphql").read_text()
STAFF_ACCOUNTS = (OPS / "StaffAccounts.graphql").read_text()
QUEUE = "{ reviewQueue { edges { node { id } } } }"
ME = "{ me { role passwordChangeRequired staff { username } } }"
INITIAL = "Start2026now"


async def _create(gql, world, token="admin", **values):
    variables = {"input": {"username": "cs_teacher2", "name": "孙老师", "initialPassword": INITIAL,
                           "departmentId": encode_id("Department", world.cs.id), **values}}
    return (await gql(CREATE, variables, token=world.tokens[token] if token else None))["data"]["createStaffAccount"]


async def _set_active(gql, world, staff, active, token="admin"):
    variables = {"input": {"staffId": encode_id("Staff", staff.id), "active": active}}
    return (await gql(SET_ACTIVE, variables, token=world.tokens[token] if token else None))["data"]["setStaffActive"]


async def _login(gql, username, password):
    return (await gql(STAFF_LOGIN, {"input": {"username": username, "password": password}}))["data"]["staffLogin"]


def _errors(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_b4_r2_admin_creates_a_reviewer_who_must_change_the_initial_password(world, gql):
    payload = await _create(gql, world)
    assert payload["errors"] == []
    assert payload["staff"]["username"] == "cs_teacher2" and payload["staff"]["role"] == "department_reviewer"
    assert payload["staff"]["isActive"] is True and payload["staff"]["department"]["name"] == "计算机与信息学院"
    row = await Staff.get(username="cs_teacher2")
    assert (row.school_id, row.department_id, row.must_change_password) == (world.school.id, world.cs.id, True)

    login = await _login(gql, "cs_teacher2", INITIAL)
    assert login["errors"] == [] and login["passwordChangeRequired"] is True
    restricted = login["token"]
    refused = await gql(QUEUE, token=restricted)
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "PASSWORD_CHANGE_REQUIRED"
    changed = (await gql(CHANGE, {"input": {"currentPassword": INITIAL, "newPassword": "Mine2026pass"}},
                         token=restricted))["data"]["changePassword"]
    assert changed["errors"] == []
    assert (await gql(QUEUE, token=changed["token"]))["data"]["reviewQueue"]["edges"] == []

    entry = await AuditEntry.get(action="staff.created")
    assert (entry.subject_id, entry.school_id, entry.department_id, entry.actor_id) == (
        row.id, world.school.id, world.cs.id, world.admin.id)
    assert entry.after == {"username": "cs_teacher2", "name": "孙老师", "role": "department_reviewer",
                           "department_id": world.cs.id, "must_change_password": True}
    assert INITIAL not in str(entry.before) + str(entry.after)


async def test_b4_staff_account_input_is_validated_and_the_login_name_unique(world, gql):
    cases = [
        ({"username": "CS1"}, [(["username"], "LOGIN_NAME_TAKEN")]),  # cs1 exists: letter case does not count
        ({"username": "x"}, [(["username"], "INVALID_FORMAT")]),
        ({"name": " ", "initialPassword": "short"}, [(["name"], "REQUIRED"), (["initialPassword"], "WEAK_PASSWORD")]),
        ({"initialPassword": "onlyletters"}, [(["initialPassword"], "WEAK_PASSWORD")]),
        ({"departmentId": encode_id("Department", 9999)}, [(["departmentId"], "NOT_FOUND")]),
        ({"departmentId": encode_id("Major", world.cs_major.id)}, [(["departmentId"], "INVALID_ID")]),
    ]
    for values, expected in cases:
        payload = await _create(gql, world, **values)
        assert _errors(payload) == expected, values
        assert payload["staff"] is None
    assert (await _create(gql, world, username="CS1"))["errors"][0]["message"] == "登录名「CS1」已被使用"
    assert (await _create(gql, world))["errors"] == []
    assert _errors(await _create(gql, world, name="另一位")) == [(["username"], "LOGIN_NAME_TAKEN")]
    assert await Staff.filter(username="cs_teacher2").count() == 1
    assert await AuditEntry.filter(action="staff.created").count() == 1


async def test_r2_admin_creates_reviewers_for_own_departments_only(world, gql):
    other = await _create(gql, world, departmentId=encode_id("Department", world.other_dept.id))
    assert _errors(other) == [(["departmentId"], "PERMISSION_DENIED")]
    for who, code in (("other_admin", "PERMISSION_DENIED"), ("cs", "PERMISSION_DENIED"),
                      ("province", "PERMISSION_DENIED"), ("alice", "PERMISSION_DENIED"),
                      ("employer", "PERMISSION_DENIED"), (None, "UNAUTHENTICATED")):
        assert [e["code"] for e in (await _create(gql, world, who))["errors"]] == [code], who
    assert not await Staff.filter(username="cs_teacher2").exists()


async def test_r2_deactivated_reviewer_cannot_log_in_and_tokens_stop_working(world, gql, refusal):
    token = world.tokens["cs"]
    assert (await gql(ME, token=token))["data"]["me"]["role"] == "department_reviewer"
    payload = await _set_active(gql, world, world.cs_reviewer, False)
    assert payload["errors"] == [] and payload["staff"]["isActive"] is False
    assert await refusal(token) == "TOKEN_REVOKED"
    assert (await _login(gql, "cs1", "Passw0rd2026"))["errors"] == [{"code": "INVALID_CREDENTIALS"}]
    again = await _set_active(gql, world, world.cs_reviewer, False)
    assert again["errors"] == [] and again["staff"]["isActive"] is False

    back = await _set_active(gql, world, world.cs_reviewer, True)
    assert back["errors"] == [] and back["staff"]["isActive"] is True
    assert await refusal(token) == "TOKEN_REVOKED"  # reactivating revives no old token
    login = await _login(gql, "cs1", "Passw0rd2026")
    assert login["errors"] == [] and (await gql(ME, token=login["token"]))["data"]["me"]["role"] == \
        "department_reviewer"
    actions = [(e.action, e.before, e.after) for e in await AuditEntry.filter(subject_type="staff",
                                                                             action__startswith="staff.").order_by("id")
               if e.action != "staff.logged_in"]
    assert actions == [("staff.deactivated", {"is_active": True}, {"is_active": False}),
                       ("staff.reactivated", {"is_active": False}, {"is_active": True})]


async def test_r2_admin_cannot_deactivate_themself_another_admin_or_another_schools_staff(world, gql):
    self_ = await _set_active(gql, world, world.admin, False)
    assert _errors(self_) == [(["staffId"], "PERMISSION_DENIED")]
    assert self_["errors"][0]["message"] == "不能更改自己的账号"
    second_admin = await Staff.create(username="admin1b", name="副管理", role="school_admin", school=world.school,
                                      password_hash="x")
    assert _errors(await _set_active(gql, world, second_admin, False)) == [(["staffId"], "PERMISSION_DENIED")]
    assert _errors(await _set_active(gql, world, world.other_admin, False)) == [(["staffId"], "NOT_FOUND")]
    assert _errors(await _set_active(gql, world, world.province_officer, False)) == [(["staffId"], "NOT_FOUND")]
    for who in ("other_admin", "cs", "law", "province", "alice", "employer"):
        assert _errors(await _set_active(gql, world, world.cs_reviewer, False, who))[0][1] in (
            "PERMISSION_DENIED", "NOT_FOUND"), who
    assert _errors(await _set_active(gql, world, world.cs_reviewer, False, None)) == [(None, "UNAUTHENTICATED")]
    assert all(s.is_active for s in await Staff.all())


async def test_r2_staff_accounts_lists_the_schools_staff_for_its_admin_only(world, gql):
    await _create(gql, world)
    r = await gql(STAFF_ACCOUNTS, {"first": 2}, token=world.tokens["admin"])
    page = r["data"]["staffAccounts"]
    assert page["totalCount"] == 4 and page["pageInfo"]["hasNextPage"] is True
    rest = (await gql(STAFF_ACCOUNTS, {"after": page["pageInfo"]["endCursor"]},
                      token=world.tokens["admin"]))["data"]["staffAccounts"]
    usernames = [e["node"]["username"] for e in page["edges"] + rest["edges"]]
    assert usernames == ["admin1", "cs1", "law1", "cs_teacher2"]
    other = (await gql(STAFF_ACCOUNTS, token=world.tokens["other_admin"]))["data"]["staffAccounts"]
    assert [e["node"]["username"] for e in other["edges"]] == ["admin2"]
    for who, code in (("cs", "PERMISSION_DENIED"), ("province", "PERMISSION_DENIED"),
                      ("alice", "PERMISSION_DENIED"), ("employer", "PERMISSION_DENIED"), (None, "UNAUTHENTICATED")):
        r = await gql(STAFF_ACCOUNTS, token=world.tokens[who] if who else None)
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == code, who
