"""Issue 8 point 4: a school admin lists their own school's failed and dead deliveries and re-queues them
(audited); another school's admin sees none of them."""

from __future__ import annotations

from pathlib import Path

from models import AuditEntry, Delivery
from notifications import deliveries
from schema.relay import encode_id
from tests import factories
from tests.delivery_support import rows, work

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations" / "console"
FAILED = (OPS / "FailedDeliveries.graphql").read_text(encoding="utf-8")
REQUEUE = (OPS / "RequeueDeliveries.graphql").read_text(encoding="utf-8")


async def _listed(gql, token, **variables) -> list[dict]:
    body = await gql(FAILED, variables, token=token)
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["failedDeliveries"]["edges"]]


async def _requeue(gql, token, ids) -> dict:
    return (await gql(REQUEUE, {"input": {"ids": ids}}, token=token))["data"]["requeueDeliveries"]


async def test_i8_admin_sees_own_schools_failed_deliveries_and_requeues_them(world, smtp, gql, clock):
    smtp.rcpt_answers.extend(["550 5.1.1 mailbox unavailable", "550 5.1.1 mailbox unavailable"])
    await factories.signed_agreement(world.alice, world.employer)  # an email about an alice of our school
    await factories.signed_agreement(world.carol, world.employer)  # and one about another school's carol
    await work()
    ours, theirs = await rows(channel="email")
    assert (ours.status, theirs.status) == ("failed", "failed")
    assert (ours.school_id, theirs.school_id) == (world.school.id, world.other_school.id)

    [listed] = await _listed(gql, world.tokens["admin"])
    assert listed["id"] == encode_id("Delivery", ours.id)
    assert listed["status"] == "FAILED" and listed["channel"] == "EMAIL" and listed["kind"] == "invitation.answered"
    assert "smtp_550" in listed["lastError"] and listed["recipientKind"] == "employer"
    assert [n["id"] for n in await _listed(gql, world.tokens["other_admin"])] == [encode_id("Delivery", theirs.id)]
    assert await _listed(gql, world.tokens["admin"], status=["SENT"]) == []
    node = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": listed["id"]},
                     token=world.tokens["other_admin"])
    assert node["data"]["node"] is None, "another school's delivery does not exist for them"

    refused = await _requeue(gql, world.tokens["other_admin"], [listed["id"]])
    assert refused["errors"][0]["code"] == "NOT_FOUND" and refused["deliveries"] is None
    graduate = await gql(FAILED, {}, token=world.tokens["alice"])
    assert graduate["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"

    requeued = await _requeue(gql, world.tokens["admin"], [listed["id"]])
    assert requeued["errors"] == [] and requeued["deliveries"][0]["status"] == "PENDING"
    assert requeued["deliveries"][0]["attempts"] == 0
    entry = await AuditEntry.get(action="delivery.requeued")
    assert entry.subject_id == ours.id and entry.school_id == world.school.id and entry.actor_id == world.admin.id
    assert entry.before["status"] == "failed" and entry.after == {"status": "pending"}

    await deliveries.run_pass()  # the mailbox works now
    assert (await Delivery.get(id=ours.id)).status == "sent" and len(smtp.received) == 1
    assert await _listed(gql, world.tokens["admin"]) == []
    again = await _requeue(gql, world.tokens["admin"], [listed["id"]])
    assert again["errors"][0]["code"] == "INVALID_STATE", "a sent delivery is not sent again"


async def test_i8_dead_deliveries_are_listed_and_requeued_in_one_go(world, smtp, gql, clock, monkeypatch):
    from server.settings import get_settings

    monkeypatch.setattr(get_settings(), "delivery_max_attempts", 1)
    smtp.data_answers.extend(["421 4.3.2 closing", "421 4.3.2 closing"])
    await factories.signed_agreement(world.alice, world.employer)
    await factories.signed_agreement(world.bob, world.employer)
    await work()
    dead = await _listed(gql, world.tokens["admin"], status=["DEAD", "FAILED"])
    assert [n["status"] for n in dead] == ["DEAD", "DEAD"]
    requeued = await _requeue(gql, world.tokens["admin"], [n["id"] for n in dead])
    assert requeued["errors"] == [] and {d["status"] for d in requeued["deliveries"]} == {"PENDING"}
    await deliveries.run_pass()
    assert {r.status for r in await rows(channel="email")} == {"sent"} and len(smtp.received) == 2
    assert await AuditEntry.filter(action="delivery.requeued").count() == 2
