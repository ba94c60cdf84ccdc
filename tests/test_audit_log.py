"""The audit log (issue 2 §10, R3): who, when, what, why and from where; staff read it within their scope (R2)."""

import pytest

from models import AuditEntry
from resolvers import audit
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.viewer import SYSTEM
from schema.relay import encode_id

AUDIT = """query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id action subjectType subjectId actor { kind id name } before after reason clientIp requestId
                   createdAt } } } }"""
UPDATE_ORIGIN = """mutation($input: UpdateOriginRecordInput!) {
  updateOriginRecord(input: $input) { errors { code } } }"""
REQUEST = """mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) {
  errors { code } correctionRequest { id } } }"""
DECIDE = """mutation($input: DecideCorrectionInput!) { decideCorrection(input: $input) { errors { code } } }"""


async def _entries(gql, token, **variables):
    r = await gql(AUDIT, variables, token=token)
    assert "errors" not in r, r
    return [e["node"] for e in r["data"]["auditLog"]["edges"]]


async def _activity(world, gql):
    """A change in each department of the first school and one in the other school."""
    await gql(UPDATE_ORIGIN, {"input": {"qq": "123456"}}, token=world.tokens["alice"],
              headers={"X-Request-ID": "req-alice-1"})
    await gql(UPDATE_ORIGIN, {"input": {"qq": "654321"}}, token=world.tokens["bob"])
    await gql(UPDATE_ORIGIN, {"input": {"qq": "777777"}}, token=world.tokens["carol"])


async def test_r3_change_through_graphql_records_actor_client_address_and_request_id(world, gql):
    await _activity(world, gql)
    [entry] = await _entries(gql, world.tokens["cs"])
    assert entry["action"] == "origin_record.updated"
    assert entry["subjectType"] == "graduate" and entry["subjectId"] == encode_id("Graduate", world.alice.id)
    assert entry["actor"] == {"kind": "graduate", "id": encode_id("Graduate", world.alice.id), "name": "陈晓明"}
    assert entry["before"] == {"qq": None} and entry["after"] == {"qq": "123456"}
    assert entry["clientIp"] == "203.0.113.7"
    assert entry["requestId"] == "req-alice-1"
    assert entry["createdAt"]


async def test_r2_audit_log_read_within_scope(world, gql):
    await _activity(world, gql)

    async def subjects(who):
        return sorted(e["subjectId"] for e in await _entries(gql, world.tokens[who]))

    alice, bob, carol = (encode_id("Graduate", g.id) for g in (world.alice, world.bob, world.carol))
    assert await subjects("cs") == [alice]
    assert await subjects("law") == [bob]
    assert await subjects("admin") == sorted([alice, bob])
    assert await subjects("other_admin") == [carol]
    assert await subjects("province") == sorted([alice, bob, carol])
    assert await subjects("other_province") == []


async def test_r2_audit_log_refused_to_graduates_employers_and_anonymous(world, gql):
    await _activity(world, gql)
    for token, code in ((world.tokens["alice"], "PERMISSION_DENIED"), (world.tokens["employer"], "PERMISSION_DENIED"),
                        (None, "UNAUTHENTICATED")):
        r = await gql(AUDIT, token=token)
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == code
    entry = (await _entries(gql, world.tokens["admin"]))[0]
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": entry["id"]}, token=world.tokens["alice"])
    assert node["data"]["node"] is None


async def test_r3_newest_first_filtered_by_subject_and_action_and_paged(world, gql):
    cid = (await gql(REQUEST, {"input": {"field": "NAME", "requestedValue": "陈晓鸣", "reason": "错字"}},
                     token=world.tokens["alice"]))["data"]["requestCorrection"]["correctionRequest"]["id"]
    await gql(DECIDE, {"input": {"id": cid, "accept": False, "reason": "与学籍一致"}}, token=world.tokens["cs"])
    await _activity(world, gql)

    history = await _entries(gql, world.tokens["admin"], filter={"subjectId": cid})
    assert [e["action"] for e in history] == ["correction_request.rejected", "correction_request.created"]
    assert history[0]["reason"] == "与学籍一致" and history[0]["actor"]["kind"] == "staff"
    assert history[0]["before"] == {"state": "pending", "decided_by_id": None, "decision_reason": "",
                                    "decided_at": None}
    by_action = await _entries(gql, world.tokens["admin"], filter={"action": "origin_record.updated"})
    assert [e["actor"]["name"] for e in by_action] == ["周大伟", "陈晓明"]
    by_type = await _entries(gql, world.tokens["admin"], filter={"subjectType": "correction_request"})
    assert len(by_type) == 2

    first = (await gql(AUDIT, {"first": 2}, token=world.tokens["admin"]))["data"]["auditLog"]
    rest = (await gql(AUDIT, {"first": 2, "after": first["pageInfo"]["endCursor"]},
                      token=world.tokens["admin"]))["data"]["auditLog"]
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"] and len(set(ids)) == 4


async def test_i7_15_action_filter_takes_the_past_tense_names_and_finds_entries_written_before_the_renaming(
        world, gql):
    await _activity(world, gql)
    # An entry from before the renaming: audit rows are history and keep the name they were written with.
    await AuditEntry.create(actor_kind="graduate", actor_id=world.bob.id, actor_name="旧记录",
                            action="origin_record.update", subject_type="graduate", subject_id=world.bob.id,
                            school_id=world.school.id,
                            department_id=world.bob.department_id)
    for name in ("origin_record.updated", "origin_record.update"):
        found = await _entries(gql, world.tokens["admin"], filter={"action": name})
        assert [e["action"] for e in found] == ["origin_record.update", "origin_record.updated",
                                                "origin_record.updated"]
    r = await gql(AUDIT, {"filter": {"action": "origin_record.changed"}}, token=world.tokens["admin"])
    assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert r["errors"][0]["extensions"]["field"] == ["filter", "action"]


async def test_i7_15_every_action_written_through_graphql_is_a_past_tense_member(world, gql):
    cid = (await gql(REQUEST, {"input": {"field": "NAME", "requestedValue": "陈晓鸣", "reason": "错字"}},
                     token=world.tokens["alice"]))["data"]["requestCorrection"]["correctionRequest"]["id"]
    await gql(DECIDE, {"input": {"id": cid, "accept": True}}, token=world.tokens["cs"])
    await _activity(world, gql)
    actions = [e["action"] for e in await _entries(gql, world.tokens["admin"], first=50)]
    assert {"correction_request.created", "correction_request.accepted", "graduate.corrected",
            "origin_record.updated"} <= set(actions)
    assert all(AuditAction(a) for a in actions)


async def test_i7_15_audit_record_refuses_a_plain_string(world):
    with pytest.raises(TypeError):
        await audit.record(Context(viewer=SYSTEM), "position.create", "position", 1)
    with pytest.raises(TypeError):
        await audit.record(Context(viewer=SYSTEM), "position.created", "position", 1)
    assert not await AuditEntry.exists()
