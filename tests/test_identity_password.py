"""Password logins and password changes for graduates, employers and staff (issue 2 §5, B4)."""

from models import AuditEntry, Graduate
from schema.relay import encode_id
from server.auth import hash_password
from tests import factories

LOGIN = """mutation($input: GraduatePasswordLoginInput!) { graduatePasswordLogin(input: $input) {
  token passwordChangeRequired graduate { name graduationYear } errors { field code message } } }"""
CHANGE = """mutation($input: ChangePasswordInput!) { changePassword(input: $input) {
  token errors { field code message } } }"""
STAFF_LOGIN = """mutation($input: StaffLoginInput!) { staffLogin(input: $input) {
  token passwordChangeRequired errors { code } } }"""
EMPLOYER_LOGIN = """mutation($input: EmployerLoginInput!) { employerLogin(input: $input) {
  token employer { name } errors { code } } }"""
ME = "{ me { role passwordChangeRequired graduate { name idNumber } } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
UNBIND = """mutation { unbindWechat(input: {}) { errors { code } } }"""

INITIAL = "Init2026abc"
NEW = "Better2026pass"


async def _login(gql, school, student_number, password):
    variables = {"input": {"schoolId": encode_id("School", school.id), "studentNumber": student_number,
                           "password": password}}
    return (await gql(LOGIN, variables))["data"]["graduatePasswordLogin"]


async def _change(gql, token, current, new):
    return (await gql(CHANGE, {"input": {"currentPassword": current, "newPassword": new}},
                      token=token))["data"]["changePassword"]


async def _with_initial_password(graduate: Graduate) -> None:
    graduate.password_hash, graduate.must_change_password = hash_password(INITIAL), True
    await graduate.save()


async def test_b4_initial_password_gives_a_token_only_good_for_changing_it(world, gql):
    await _with_initial_password(world.alice)
    payload = await _login(gql, world.school, " 3220701001 ", INITIAL)
    assert payload["errors"] == [] and payload["passwordChangeRequired"] is True
    restricted = payload["token"]
    me = (await gql(ME, token=restricted))["data"]["me"]
    assert me["role"] == "graduate" and me["passwordChangeRequired"] is True
    assert me["graduate"]["idNumber"].count("*") == 10  # not even her own ID number in clear yet
    gid = encode_id("Graduate", world.alice.id)
    assert (await gql(NODE, {"id": gid}, token=restricted))["data"]["node"] is None
    refused = (await gql(UNBIND, token=restricted))["data"]["unbindWechat"]
    assert refused["errors"] == [{"code": "PASSWORD_CHANGE_REQUIRED"}]

    changed = await _change(gql, restricted, INITIAL, NEW)
    assert changed["errors"] == [] and changed["token"]
    me = (await gql(ME, token=changed["token"]))["data"]["me"]
    assert me["passwordChangeRequired"] is False and "*" not in me["graduate"]["idNumber"]
    assert (await gql(NODE, {"id": gid}, token=changed["token"]))["data"]["node"] == {"id": gid}
    # The initial password no longer works, the new one gives a full token.
    assert (await _login(gql, world.school, "3220701001", INITIAL))["errors"][0]["code"] == "INVALID_CREDENTIALS"
    again = await _login(gql, world.school, "3220701001", NEW)
    assert again["errors"] == [] and again["passwordChangeRequired"] is False
    audit = await AuditEntry.filter(action="password.changed", subject_id=world.alice.id).get()
    assert audit.actor_kind == "graduate" and audit.after == {"password_hash": "***"}


async def test_b4_old_token_is_revoked_after_the_password_change(world, gql, refusal):
    old = (await _login(gql, world.school, "3220701001", factories.PASSWORD))["token"]
    assert (await gql(ME, token=old))["data"]["me"]["role"] == "graduate"
    fresh = (await _change(gql, old, factories.PASSWORD, NEW))["token"]
    assert await refusal(old) == "TOKEN_REVOKED"
    assert await refusal(world.tokens["alice"]) == "TOKEN_REVOKED"
    assert (await gql(ME, token=fresh))["data"]["me"]["role"] == "graduate"


async def test_b4_password_login_picks_the_current_record_of_a_kept_student_number(world, gql):
    await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701001", name="陈晓明",
                             year=2025)
    payload = await _login(gql, world.school, "3220701001", factories.PASSWORD)
    assert payload["graduate"] == {"name": "陈晓明", "graduationYear": 2026}


async def test_graduate_wrong_password_five_times_locks_the_account(world, gql):
    for _ in range(5):
        payload = await _login(gql, world.school, "3220701001", "Wrong2026pass")
        assert payload["errors"] == [
            {"field": ["password"], "code": "INVALID_CREDENTIALS", "message": "账号或密码错误"}]
    payload = await _login(gql, world.school, "3220701001", factories.PASSWORD)
    assert payload["errors"][0]["code"] == "RATE_LIMITED" and payload["token"] is None
    # Another graduate from the same address is not locked out by her failures.
    assert (await _login(gql, world.school, "3220301002", factories.PASSWORD))["errors"] == []


async def test_graduate_login_unknown_student_or_other_school_is_invalid_credentials(world, gql):
    for school, number in ((world.school, "9999999"), (world.other_school, "3220701001")):
        payload = await _login(gql, school, number, factories.PASSWORD)
        assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"
    payload = await _login(gql, world.school, "3220701001", factories.PASSWORD)
    assert payload["errors"] == []
    bad_id = (await gql(LOGIN, {"input": {"schoolId": encode_id("Graduate", 1), "studentNumber": "1",
                                          "password": "x"}}))["data"]["graduatePasswordLogin"]
    assert bad_id["errors"][0]["code"] == "INVALID_ID" and bad_id["errors"][0]["field"] == ["schoolId"]


async def test_change_password_checks_current_strength_and_difference(world, gql):
    token = world.tokens["alice"]
    wrong = await _change(gql, token, "Wrong2026pass", NEW)
    assert wrong["errors"] == [{"field": ["currentPassword"], "code": "INVALID_CREDENTIALS",
                                "message": "当前密码不正确"}]
    weak = await _change(gql, token, factories.PASSWORD, "short1")
    assert [(e["field"], e["code"]) for e in weak["errors"]] == [(["newPassword"], "WEAK_PASSWORD")]
    same = await _change(gql, token, factories.PASSWORD, factories.PASSWORD)
    assert same["errors"][0]["code"] == "WEAK_PASSWORD" and "相同" in same["errors"][0]["message"]
    assert (await gql(ME, token=token))["data"]["me"]["role"] == "graduate"  # nothing changed
    anonymous = (await gql(CHANGE, {"input": {"currentPassword": "a", "newPassword": NEW}}))["data"]
    assert anonymous["changePassword"]["errors"][0]["code"] == "UNAUTHENTICATED"


async def test_change_password_wrong_current_five_times_is_rate_limited(world, gql):
    token = world.tokens["bob"]
    for _ in range(5):
        assert (await _change(gql, token, "Wrong2026pass", NEW))["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert (await _change(gql, token, factories.PASSWORD, NEW))["errors"][0]["code"] == "RATE_LIMITED"


async def test_staff_must_change_initial_password_then_logs_in_normally(world, gql, refusal):
    world.cs_reviewer.must_change_password = True
    await world.cs_reviewer.save()
    login = (await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": factories.PASSWORD}}))["data"]
    assert login["staffLogin"]["passwordChangeRequired"] is True
    token = login["staffLogin"]["token"]
    gid = encode_id("Graduate", world.alice.id)
    assert (await gql(NODE, {"id": gid}, token=token))["data"]["node"] is None
    fresh = (await _change(gql, token, factories.PASSWORD, NEW))["token"]
    assert (await gql(NODE, {"id": gid}, token=fresh))["data"]["node"] == {"id": gid}
    assert await refusal(token) == "TOKEN_REVOKED"


async def test_employer_changes_password(world, gql, refusal):
    fresh = (await _change(gql, world.tokens["employer"], factories.PASSWORD, NEW))["token"]
    assert (await gql(ME, token=fresh))["data"]["me"]["role"] == "employer"
    assert await refusal(world.tokens["employer"]) == "TOKEN_REVOKED"
    login = (await gql(EMPLOYER_LOGIN, {"input": {"loginName": "xintong", "password": NEW}}))["data"]
    assert login["employerLogin"]["errors"] == []
