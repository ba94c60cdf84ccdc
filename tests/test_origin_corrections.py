"""Correction requests (纠错) on school-imported fields (O2, R2, R3, B5)."""

import asyncio

import pytest
from stdnum.cn import ric

from models import AuditEntry, CorrectionRequest, Department, Graduate, Major, OutboxEvent
from server import crypto
from tests import factories

REQUEST = """mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) {
  errors { field code message }
  correctionRequest { id field fieldLabel state currentValue requestedValue reason } } }"""
WITHDRAW = """mutation($input: WithdrawCorrectionInput!) { withdrawCorrection(input: $input) {
  errors { field code } correctionRequest { state } } }"""
DECIDE = """mutation($input: DecideCorrectionInput!) { decideCorrection(input: $input) {
  errors { field code message } correctionRequest { state stateLabel decisionReason decidedByName decidedAt } } }"""
LIST = """query($filter: CorrectionFilter) { correctionRequests(filter: $filter) {
  totalCount edges { node { field state requestedValue graduate { name } } } } }"""


def _valid_id_number(birth: str, serial: int) -> str:
    # ric.calc_check_digit expects the full 18 characters and ignores the last one.
    body = f"340104{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


async def _request(gql, token, field, value, reason="学校导入有误"):
    r = await gql(REQUEST, {"input": {"field": field, "requestedValue": value, "reason": reason}}, token=token)
    return r["data"]["requestCorrection"]


async def _decide(gql, token, correction_id, accept, reason=None):
    r = await gql(DECIDE, {"input": {"id": correction_id, "accept": accept, "reason": reason}}, token=token)
    return r["data"]["decideCorrection"]


def _codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_o2_graduate_requests_correction_of_an_imported_field(world, gql):
    payload = await _request(gql, world.tokens["alice"], "NAME", " 陈晓鸣 ")
    assert payload["errors"] == []
    assert payload["correctionRequest"] | {"id": None} == {
        "id": None, "field": "NAME", "fieldLabel": "姓名", "state": "PENDING", "currentValue": "陈晓明",
        "requestedValue": "陈晓鸣", "reason": "学校导入有误"}
    event = await OutboxEvent.get(kind="correction.requested", subject_type="correction_request")
    assert event.department_id == world.cs.id


async def test_o2_editable_field_is_not_correctable(world, gql):
    payload = await _request(gql, world.tokens["alice"], "PHONE", "13900000000")
    assert _codes(payload) == [(["field"], "FIELD_NOT_CORRECTABLE")]
    assert "直接修改" in payload["errors"][0]["message"]


async def test_o2_one_pending_request_per_field(world, gql):
    first = await _request(gql, world.tokens["alice"], "CLASS_NAME", "计科 2201")
    assert first["errors"] == []
    assert _codes(await _request(gql, world.tokens["alice"], "CLASS_NAME", "计科 2202")) == [
        (["field"], "CORRECTION_PENDING")]
    assert (await _request(gql, world.tokens["alice"], "NAME", "陈晓鸣"))["errors"] == []
    withdrawn = (await gql(WITHDRAW, {"input": {"id": first["correctionRequest"]["id"]}},
                           token=world.tokens["alice"]))["data"]["withdrawCorrection"]
    assert withdrawn == {"errors": [], "correctionRequest": {"state": "WITHDRAWN"}}
    assert (await _request(gql, world.tokens["alice"], "CLASS_NAME", "计科 2202"))["errors"] == []


async def test_o2_requested_value_validated_like_an_import(world, gql):
    token = world.tokens["alice"]
    valid = _valid_id_number("20030416", 11)
    bad_id = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    assert _codes(await _request(gql, token, "ID_NUMBER", bad_id)) == [(["requestedValue"], "INVALID_ID_NUMBER")]
    assert _codes(await _request(gql, token, "ETHNICITY", "99")) == [(["requestedValue"], "INVALID_CODE")]
    assert _codes(await _request(gql, token, "EDUCATION_LEVEL", "")) == [(["requestedValue"], "INVALID_CODE")]
    assert _codes(await _request(gql, token, "DEPARTMENT", "99/M99")) == [(["requestedValue"], "UNKNOWN_DEPARTMENT")]
    assert _codes(await _request(gql, token, "DEPARTMENT", "03")) == [(["requestedValue"], "INVALID_FORMAT")]
    assert _codes(await _request(gql, token, "DEPARTMENT", "03/M07")) == [(["requestedValue"], "UNKNOWN_MAJOR")]
    # A department of another school is unknown here, whatever its code.
    await Department.create(school=world.other_school, code="77", name="外校学院")
    assert _codes(await _request(gql, token, "DEPARTMENT", "77/M77")) == [(["requestedValue"], "UNKNOWN_DEPARTMENT")]
    assert _codes(await _request(gql, token, "LENGTH_OF_SCHOOLING", "四")) == [(["requestedValue"], "INVALID_FORMAT")]
    assert _codes(await _request(gql, token, "NAME", "陈晓明")) == [(["requestedValue"], "INVALID_INPUT")]
    taken = await _request(gql, token, "STUDENT_NUMBER", world.bob.student_number)
    assert _codes(taken) == [(["requestedValue"], "DUPLICATE_ROW")]
    assert await CorrectionRequest.all().count() == 0


async def test_o2_reject_needs_a_reason_and_alerts_the_graduate(world, gql):
    cid = (await _request(gql, world.tokens["alice"], "POLITICAL_STATUS", "01"))["correctionRequest"]["id"]
    assert _codes(await _decide(gql, world.tokens["cs"], cid, False, "  ")) == [(["reason"], "REASON_REQUIRED")]
    payload = await _decide(gql, world.tokens["cs"], cid, False, "请提供党组织关系证明")
    assert payload["errors"] == []
    assert payload["correctionRequest"]["state"] == "REJECTED"
    assert payload["correctionRequest"]["decisionReason"] == "请提供党组织关系证明"
    assert payload["correctionRequest"]["decidedByName"] == "cs1"
    assert (await Graduate.get(id=world.alice.id)).political_status is None
    event = await OutboxEvent.get(kind="correction.decided")
    assert event.graduate_id == world.alice.id and event.payload["accepted"] is False


async def test_o2_accepting_changes_the_record_audited_and_alerts(world, gql):
    cid = (await _request(gql, world.tokens["alice"], "ETHNICITY", "03"))["correctionRequest"]["id"]
    payload = await _decide(gql, world.tokens["admin"], cid, True)
    assert payload["errors"] == [] and payload["correctionRequest"]["state"] == "ACCEPTED"
    me = await gql("{ me { graduate { ethnicity { code label } } } }", token=world.tokens["alice"])
    assert me["data"]["me"]["graduate"]["ethnicity"] == {"code": "03", "label": "回族"}
    actions = [e.action for e in await AuditEntry.all().order_by("id")]
    assert actions[-2:] == ["correction_request.accepted", "graduate.corrected"]
    change = await AuditEntry.get(action="graduate.corrected")
    assert change.before == {"ethnicity": None} and change.after == {"ethnicity": "03"}
    assert change.actor_kind == "staff" and change.actor_id == world.admin.id
    event = await OutboxEvent.get(kind="correction.decided")
    assert event.graduate_id == world.alice.id and event.payload["accepted"] is True
    again = await _decide(gql, world.tokens["admin"], cid, False, "重复处理")
    assert _codes(again) == [(None, "INVALID_STATE")]


async def test_o2_b5_id_number_correction_encrypted_and_rehashed(world, gql):
    new_id = _valid_id_number("20030416", 21)
    old_id = crypto.decrypt(world.alice.id_number_enc)
    payload = await _request(gql, world.tokens["alice"], "ID_NUMBER", new_id.lower())
    assert payload["correctionRequest"]["requestedValue"] == new_id
    row = await CorrectionRequest.get(field="id_number")
    assert new_id not in row.requested_value and old_id not in row.current_value
    assert crypto.decrypt(row.requested_value) == new_id
    created = await AuditEntry.get(action="correction_request.created")
    assert new_id not in str(created.after)
    # The province sees the request masked; the graduate's own school in clear.
    listed = await gql(LIST, token=world.tokens["province"])
    assert listed["data"]["correctionRequests"]["edges"][0]["node"]["requestedValue"] == crypto.mask_id_number(new_id)
    listed = await gql(LIST, token=world.tokens["cs"])
    assert listed["data"]["correctionRequests"]["edges"][0]["node"]["requestedValue"] == new_id

    assert (await _decide(gql, world.tokens["cs"], payload["correctionRequest"]["id"], True))["errors"] == []
    graduate = await Graduate.get(id=world.alice.id)
    assert crypto.decrypt(graduate.id_number_enc) == new_id
    assert graduate.id_number_hash == crypto.lookup_hash(new_id) != crypto.lookup_hash(old_id)
    change = await AuditEntry.get(action="graduate.corrected")
    assert change.after == {"id_number_enc": "***", "id_number_hash": "***"}


async def test_o2_department_change_keeps_a_consistent_major(world, gql):
    payload = await _request(gql, world.tokens["alice"], "DEPARTMENT", " 03 / M03 ")
    assert payload["correctionRequest"]["currentValue"] == "07/M07"
    assert payload["correctionRequest"]["requestedValue"] == "03/M03"
    assert (await _decide(gql, world.tokens["cs"], payload["correctionRequest"]["id"], True))["errors"] == []
    graduate = await Graduate.get(id=world.alice.id)
    assert (graduate.department_id, graduate.major_id) == (world.law.id, world.law_major.id)


async def test_o2_major_change_within_the_department(world, gql):
    other = await Major.create(department=world.cs, code="M08", name="软件工程")
    assert _codes(await _request(gql, world.tokens["alice"], "MAJOR", "M03")) == [(["requestedValue"], "UNKNOWN_MAJOR")]
    payload = await _request(gql, world.tokens["alice"], "MAJOR", "M08")
    assert (await _decide(gql, world.tokens["cs"], payload["correctionRequest"]["id"], True))["errors"] == []
    assert (await Graduate.get(id=world.alice.id)).major_id == other.id


async def test_o2_accept_revalidates_against_the_record_now(world, gql):
    payload = await _request(gql, world.tokens["alice"], "STUDENT_NUMBER", "3220701999")
    await factories.graduate(world.school, world.cs, world.cs_major, student_number="3220701999")
    refused = await _decide(gql, world.tokens["cs"], payload["correctionRequest"]["id"], True)
    assert _codes(refused) == [(["requestedValue"], "DUPLICATE_ROW")]
    row = await CorrectionRequest.get()
    assert row.state == "pending"
    assert (await Graduate.get(id=world.alice.id)).student_number == "3220701001"


async def test_r2_only_the_department_reviewer_or_school_admin_decides(world, gql):
    cid = (await _request(gql, world.tokens["alice"], "NAME", "陈晓鸣"))["correctionRequest"]["id"]
    assert _codes(await _decide(gql, world.tokens["law"], cid, True)) == [(["id"], "NOT_FOUND")]
    assert _codes(await _decide(gql, world.tokens["other_admin"], cid, True)) == [(["id"], "NOT_FOUND")]
    # Refused for who they are (the declared callers, issue 7.14), not for an input field.
    assert _codes(await _decide(gql, world.tokens["province"], cid, True)) == [(None, "PERMISSION_DENIED")]
    assert _codes(await _decide(gql, world.tokens["alice"], cid, True)) == [(None, "PERMISSION_DENIED")]
    assert _codes(await _decide(gql, world.tokens["bob"], cid, True)) == [(None, "PERMISSION_DENIED")]
    assert (await Graduate.get(id=world.alice.id)).name == "陈晓明"


async def test_o2_only_the_graduate_withdraws(world, gql):
    cid = (await _request(gql, world.tokens["alice"], "NAME", "陈晓鸣"))["correctionRequest"]["id"]
    # Another graduate does not find it; staff are refused for their role (issue 7.14), before any lookup.
    for who, field, code in (("bob", ["id"], "NOT_FOUND"), ("cs", None, "PERMISSION_DENIED"),
                             ("other_admin", None, "PERMISSION_DENIED")):
        r = await gql(WITHDRAW, {"input": {"id": cid}}, token=world.tokens[who])
        assert _codes(r["data"]["withdrawCorrection"]) == [(field, code)]
    assert (await CorrectionRequest.get()).state == "pending"


async def test_o2_lists_by_scope_and_state(world, gql):
    await _request(gql, world.tokens["alice"], "NAME", "陈晓鸣")
    await _request(gql, world.tokens["bob"], "NAME", "周大卫")
    cid = (await _request(gql, world.tokens["bob"], "CLASS_NAME", "法学 2201"))["correctionRequest"]["id"]
    await _decide(gql, world.tokens["law"], cid, False, "班级无误")
    await _request(gql, world.tokens["carol"], "NAME", "林晓雨")

    async def names(who, state=None):
        r = await gql(LIST, {"filter": {"state": state} if state else None}, token=world.tokens[who])
        return sorted((e["node"]["graduate"]["name"], e["node"]["state"])
                      for e in r["data"]["correctionRequests"]["edges"])

    assert await names("alice") == [("陈晓明", "PENDING")]
    assert await names("cs") == [("陈晓明", "PENDING")]
    assert await names("law") == [("周大伟", "PENDING"), ("周大伟", "REJECTED")]
    assert await names("law", "PENDING") == [("周大伟", "PENDING")]
    assert await names("admin") == [("周大伟", "PENDING"), ("周大伟", "REJECTED"), ("陈晓明", "PENDING")]
    assert await names("other_admin") == [("林小雨", "PENDING")]
    r = await gql(LIST, token=world.tokens["employer"])
    assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.postgres_only
async def test_o2_two_racing_requests_for_one_field_leave_one_pending(world, gql):
    token = world.tokens["alice"]
    results = await asyncio.gather(*(_request(gql, token, "NAME", name) for name in ("陈晓鸣", "陈小明")))
    assert sorted(len(p["errors"]) for p in results) == [0, 1]
    assert [e["code"] for p in results for e in p["errors"]] == ["CORRECTION_PENDING"]
    assert await CorrectionRequest.filter(field="name", state="pending").count() == 1


@pytest.mark.postgres_only
async def test_o2_two_racing_decisions_exactly_one_wins(world, gql):
    cid = (await _request(gql, world.tokens["alice"], "ETHNICITY", "03"))["correctionRequest"]["id"]
    results = await asyncio.gather(_decide(gql, world.tokens["cs"], cid, True),
                                   _decide(gql, world.tokens["admin"], cid, False, "不符"))
    codes = sorted(e["code"] for p in results for e in p["errors"])
    assert len(codes) == 1 and codes[0] in ("STALE_STATE", "INVALID_STATE")
    assert await OutboxEvent.filter(kind="correction.decided").count() == 1
