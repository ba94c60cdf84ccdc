"""Graduates report positions suspected of fraud to their school; staff of that school and province see them (X2)."""

from models import AuditEntry, FraudReport, OutboxEvent
from schema.relay import encode_id
from tests import factories

REPORT = """mutation($input: ReportPositionInput!) { reportPosition(input: $input) {
  errors { field code message } fraudReport { reason position { title } } } }"""
REPORTS = """{ fraudReports { totalCount edges { node { reason school { name } position { title employer { name } }
  graduate { name } } } } }"""


async def _report(gql, token, position, reason="要求先交培训费"):
    r = await gql(REPORT, {"input": {"positionId": encode_id("Position", position.id), "reason": reason}},
                  token=token)
    return r["data"]["reportPosition"]


async def test_x2_graduate_reports_a_position_to_their_school(world, gql):
    position = await factories.position(world.employer)
    r = await _report(gql, world.tokens["alice"], position)
    assert r == {"errors": [], "fraudReport": {"reason": "要求先交培训费", "position": {"title": "软件工程师"}}}
    report = await FraudReport.get()
    assert report.school_id == world.school.id and report.graduate_id == world.alice.id
    entry = await AuditEntry.get(action="fraud_report.created")
    assert entry.school_id == world.school.id and entry.after["reason"] == "要求先交培训费"
    assert (await OutboxEvent.get(kind="fraud.reported")).school_id == world.school.id


async def test_x2_report_needs_a_reason_and_a_graduate(world, gql):
    position = await factories.position(world.employer)
    r = await _report(gql, world.tokens["alice"], position, reason="   ")
    assert [(e["field"], e["code"]) for e in r["errors"]] == [(["reason"], "REASON_REQUIRED")]
    assert [e["code"] for e in (await _report(gql, None, position))["errors"]] == ["UNAUTHENTICATED"]
    assert [e["code"] for e in (await _report(gql, world.tokens["admin"], position))["errors"]] == [
        "PERMISSION_DENIED"]
    r = await gql(REPORT, {"input": {"positionId": encode_id("Position", 999999), "reason": "x"}},
                  token=world.tokens["alice"])
    assert [e["code"] for e in r["data"]["reportPosition"]["errors"]] == ["NOT_FOUND"]
    assert await FraudReport.all().count() == 0


async def test_x2_a_closed_position_can_still_be_reported(world, gql):
    position = await factories.position(world.employer, state="closed")
    assert (await _report(gql, world.tokens["alice"], position))["errors"] == []


async def test_x2_fraud_reports_are_seen_by_the_school_and_its_province_only(world, gql):
    position = await factories.position(world.employer)
    await _report(gql, world.tokens["alice"], position, "收取押金")
    await _report(gql, world.tokens["carol"], position, "虚假招聘")

    async def seen(token):
        data = (await gql(REPORTS, token=token))["data"]["fraudReports"]
        return sorted((e["node"]["reason"], (e["node"]["graduate"] or {}).get("name")) for e in data["edges"])

    assert await seen(world.tokens["admin"]) == [("收取押金", "陈晓明")]
    assert await seen(world.tokens["cs"]) == [("收取押金", "陈晓明")]
    # A reviewer of another department sees the school's report but not who in another department made it (R2).
    assert await seen(world.tokens["law"]) == [("收取押金", None)]
    assert await seen(world.tokens["other_admin"]) == [("虚假招聘", "林小雨")]
    assert await seen(world.tokens["province"]) == [("收取押金", "陈晓明"), ("虚假招聘", "林小雨")]
    assert await seen(world.tokens["other_province"]) == []
    for refused in ("alice", "employer"):
        r = await gql(REPORTS, token=world.tokens[refused])
        assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert (await gql(REPORTS))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_x2_fraud_report_node_follows_the_same_rule(world, gql):
    position = await factories.position(world.employer)
    await _report(gql, world.tokens["alice"], position)
    gid = encode_id("FraudReport", (await FraudReport.get()).id)
    query = "query($id: ID!) { node(id: $id) { ... on FraudReport { reason } } }"
    assert (await gql(query, {"id": gid}, token=world.tokens["admin"]))["data"]["node"] == {"reason": "要求先交培训费"}
    assert (await gql(query, {"id": gid}, token=world.tokens["province"]))["data"]["node"] is not None
    for token in ("other_admin", "other_province", "alice", "employer"):
        assert (await gql(query, {"id": gid}, token=world.tokens[token]))["data"]["node"] is None
