"""Password resets (B4): the school admin sets a new initial password for a graduate or a department reviewer of
the school; it must be changed at first login, every earlier session ends, the audit keeps no password."""

from pathlib import Path

from models import AuditEntry, Graduate, LoginThrottle, Staff
from schema.relay import encode_id
from tests import factories
from tests.test_identity_password import ME, STAFF_LOGIN, _login

OPS = Path(__file__).parent.parent / "frontend-contract/operations/console"
RESET_GRADUATE = (OPS / "ResetGraduatePassword.graphql").read_text()
RESET_STAFF = (OPS / "ResetStaffPassword.graphql").read_text()
NEW_INITIAL = "Reset2026go"


async def _reset_graduate(gql, world, graduate, token="admin", password=NEW_INITIAL):
    variables = {"input": {"graduateId": encode_id("Graduate", graduate.id), "newInitialPassword": password}}
    r = await gql(RESET_GRADUATE, variables, token=world.tokens[token] if token else None)
    return r["data"]["resetGraduatePassword"]


async def _reset_staff(gql, world, staff, token="admin", password=NEW_INITIAL):
    variables = {"input": {"staffId": encode_id("Staff", staff.id), "newInitialPassword": password}}
    r = await gql(RESET_STAFF, variables, token=world.tokens[token] if token else None)
    return r["data"]["resetStaffPassword"]


def _errors(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_b4_reset_graduate_password_must_be_changed_and_signs_out_everywhere(world, gql, refusal):
    for _ in range(5):  # locked out by failed attempts
        await _login(gql, world.school, "3220701001", "Wrong2026pass")
    assert (await _login(gql, world.school, "3220701001", factories.PASSWORD))["errors"][0]["code"] == "RATE_LIMITED"

    payload = await _reset_graduate(gql, world, world.alice)
    assert payload["errors"] == [] and payload["graduate"]["studentNumber"] == "3220701001"
    assert await refusal(world.tokens["alice"]) == "TOKEN_REVOKED"
    assert (await _login(gql, world.school, "3220701001", factories.PASSWORD))["errors"][0]["code"] == \
        "INVALID_CREDENTIALS"
    login = await _login(gql, world.school, "3220701001", NEW_INITIAL)
    assert login["errors"] == [] and login["passwordChangeRequired"] is True
    assert (await gql(ME, token=login["token"]))["data"]["me"]["passwordChangeRequired"] is True
    assert (await Graduate.get(id=world.alice.id)).must_change_password is True

    entry = await AuditEntry.get(action="password.reset", subject_type="graduate")
    assert (entry.subject_id, entry.school_id, entry.department_id, entry.actor_id) == (
        world.alice.id, world.school.id, world.cs.id, world.admin.id)
    assert entry.before == {"password_hash": "***"}
    assert entry.after == {"password_hash": "***", "must_change_password": True}
    assert not await LoginThrottle.filter(key__startswith="login:graduate:").exists()


async def test_b4_reset_staff_password_must_be_changed_and_signs_out_everywhere(world, gql, refusal):
    payload = await _reset_staff(gql, world, world.cs_reviewer)
    assert payload["errors"] == [] and payload["staff"]["username"] == "cs1"
    assert await refusal(world.tokens["cs"]) == "TOKEN_REVOKED"
    login = (await gql(STAFF_LOGIN, {"input": {"username": "cs1", "password": NEW_INITIAL}}))["data"]["staffLogin"]
    assert login["errors"] == [] and login["passwordChangeRequired"] is True
    me = (await gql(ME, token=login["token"]))["data"]["me"]
    assert me["role"] == "department_reviewer" and me["passwordChangeRequired"] is True
    entry = await AuditEntry.get(action="password.reset", subject_type="staff")
    assert entry.subject_id == world.cs_reviewer.id and entry.school_id == world.school.id
    assert NEW_INITIAL not in str(entry.before) + str(entry.after)


async def test_b4_reset_password_is_validated(world, gql):
    weak = await _reset_graduate(gql, world, world.alice, password="abc")
    assert _errors(weak) == [(["newInitialPassword"], "WEAK_PASSWORD")]
    assert _errors(await _reset_staff(gql, world, world.cs_reviewer, password="12345678")) == [
        (["newInitialPassword"], "WEAK_PASSWORD")]
    wrong_type = await gql(RESET_GRADUATE, {"input": {"graduateId": encode_id("Staff", world.cs_reviewer.id),
                                                      "newInitialPassword": NEW_INITIAL}}, token=world.tokens["admin"])
    assert _errors(wrong_type["data"]["resetGraduatePassword"]) == [(["graduateId"], "INVALID_ID")]
    assert (await Graduate.get(id=world.alice.id)).session_version == 0
    assert not await AuditEntry.filter(action="password.reset").exists()


async def test_r2_only_the_schools_admin_resets_and_only_its_graduates_and_reviewers(world, gql):
    assert _errors(await _reset_graduate(gql, world, world.carol)) == [(["graduateId"], "NOT_FOUND")]
    assert _errors(await _reset_staff(gql, world, world.other_admin)) == [(["staffId"], "NOT_FOUND")]
    assert _errors(await _reset_staff(gql, world, world.admin)) == [(["staffId"], "PERMISSION_DENIED")]
    for who in ("other_admin", "cs", "law", "province", "alice", "bob", "employer", None):
        for payload in (await _reset_graduate(gql, world, world.alice, who),
                        await _reset_staff(gql, world, world.cs_reviewer, who)):
            assert payload["errors"][0]["code"] in ("NOT_FOUND", "PERMISSION_DENIED", "UNAUTHENTICATED"), who
    alice, reviewer = await Graduate.get(id=world.alice.id), await Staff.get(id=world.cs_reviewer.id)
    assert (alice.session_version, alice.must_change_password) == (0, False)
    assert (reviewer.session_version, reviewer.must_change_password) == (0, False)
