"""Unlock (T5): the school admin sets a graduate back to awaiting employment, recorded and notified."""

from pathlib import Path

from models import Agreement, AuditEntry, Graduate, OutboxEvent, Review, Termination
from schema.relay import encode_id
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
UNLOCK = (OPS / "console/UnlockGraduate.graphql").read_text()


async def unlock(gql, token, graduate, reason="用人单位已倒闭，经核实解锁"):
    r = await gql(UNLOCK, {"input": {"graduateId": encode_id("Graduate", graduate.id), "reason": reason}},
                  token=token)
    assert "errors" not in r, r
    return r["data"]["unlockGraduate"]


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_t5_admin_unlocks_and_the_approved_agreement_is_voided(world, gql):
    agreement = await factories.approved_agreement(world.alice, world.employer)
    payload = await unlock(gql, world.tokens["admin"], world.alice)
    assert payload["errors"] == []
    assert payload["graduate"]["destinationLocked"] is False
    assert payload["graduate"]["destinationType"] == {"code": "70", "label": "待就业"}
    voided = await Agreement.get(id=agreement.id)
    assert (voided.state, voided.active_graduate_id) == ("terminated", None) and voided.voided_at
    assert (await Graduate.get(id=world.alice.id)).terminations_used == 0
    entry = await AuditEntry.get(action="graduate.unlocked")
    assert (entry.actor_kind, entry.reason) == ("staff", "用人单位已倒闭，经核实解锁")
    assert entry.before["destination_locked"] is True and entry.after["destination_type"] == "70"
    assert await AuditEntry.filter(action="agreement.voided", subject_id=agreement.id).exists()
    # The approvals before it raised their own record.changed (X3); the unlock's is the last.
    event = await OutboxEvent.filter(kind="record.changed").order_by("-id").first()
    assert event.payload["change"] == "unlock"
    assert (event.graduate_id, event.employer_id) == (world.alice.id, world.employer.id)
    assert event.payload["voidedAgreement"] == agreement.number
    # Free to sign again (S0): the one-active-agreement constraint no longer holds the graduate.
    await factories.signed_agreement(await Graduate.get(id=world.alice.id), world.employer)


async def test_t5_unlock_closes_an_agreement_under_review_and_a_pending_termination(world, gql):
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    assert (await unlock(gql, world.tokens["admin"], world.alice))["errors"] == []
    assert (await Review.get(id=review.id)).state == "withdrawn"
    assert (await Agreement.get(id=agreement.id)).state == "terminated"

    bobs = await factories.approved_agreement(world.bob, world.employer)
    termination, pending = await factories.termination(bobs)
    assert (await unlock(gql, world.tokens["admin"], world.bob))["errors"] == []
    assert (await Termination.get(id=termination.id)).state == "withdrawn"
    assert (await Review.get(id=pending.id)).state == "withdrawn"


async def test_t5_only_the_admin_of_the_graduates_school(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    assert codes(await unlock(gql, world.tokens["cs"], world.alice)) == [("PERMISSION_DENIED", None)]  # by role
    assert codes(await unlock(gql, world.tokens["other_admin"], world.alice)) == [("NOT_FOUND", ["graduateId"])]
    assert codes(await unlock(gql, world.tokens["alice"], world.alice))[0][0] == "PERMISSION_DENIED"
    assert codes(await unlock(gql, world.tokens["province"], world.alice))[0][0] == "PERMISSION_DENIED"
    assert (await Graduate.get(id=world.alice.id)).destination_locked is True


async def test_t5_reason_required(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    assert codes(await unlock(gql, world.tokens["admin"], world.alice, reason=" ")) == [("REASON_REQUIRED", ["reason"])]
    assert not await AuditEntry.filter(action="graduate.unlocked").exists()


async def test_t5_a_free_graduate_needs_no_unlock_but_a_locked_destination_is_released(world, gql):
    assert codes(await unlock(gql, world.tokens["admin"], world.bob)) == [("INVALID_STATE", ["graduateId"])]
    await Graduate.filter(id=world.bob.id).update(destination_type="80", destination_locked=True)
    payload = await unlock(gql, world.tokens["admin"], world.bob)
    assert payload["errors"] == [] and payload["graduate"]["destinationType"]["code"] == "70"
    assert (await OutboxEvent.get(kind="record.changed")).employer_id is None
