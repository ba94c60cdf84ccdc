"""Accepting a signing invitation: S5, S7 (60-second confirmation), S8 (awaiting review), S9 (destination)."""

import datetime as dt
from zoneinfo import ZoneInfo

from models import Agreement, AuditEntry, Graduate, OutboxEvent, Review
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories

BEIJING = ZoneInfo("Asia/Shanghai")

ACCEPT = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
  errors { field code } confirmationExpiresAt
  invitation { state confirmationExpiresAt agreement { number } }
  agreement { number state stateLabel printable terms invitation { method } } } }"""
ACCEPT_ERRORS = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
  errors { field code message } } }"""
DECLINE = """mutation($input: DeclineSigningInvitationInput!) { declineSigningInvitation(input: $input) {
  errors { code } invitation { state } } }"""


async def _accept(gql, world, invitation, confirm, token=None):
    r = await gql(ACCEPT, {"input": {"id": encode_id("SigningInvitation", invitation.id), "confirm": confirm}},
                  token=token or world.tokens["alice"])
    return r["data"]["acceptSigningInvitation"]


async def test_s7_s8_s9_confirm_within_60_seconds_signs_awaiting_review(world, gql):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer, breach_terms="违约金 5000 元")
    opened = await _accept(gql, world, invitation, False)
    assert opened["errors"] == [] and opened["agreement"] is None
    expires = dt.datetime.fromisoformat(opened["confirmationExpiresAt"])
    assert dt.timedelta(seconds=55) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=60)
    assert opened["invitation"]["state"] == "PENDING"
    assert await Agreement.all().count() == 0

    signed = await _accept(gql, world, invitation, True)
    assert signed["errors"] == []
    agreement = signed["agreement"]
    assert (agreement["state"], agreement["stateLabel"], agreement["printable"]) == (
        "AWAITING_REVIEW", "签约成功，待学校审核", False)  # S8
    assert agreement["number"] == "202610363000001"
    assert agreement["invitation"] == {"method": "DIRECT"}
    assert signed["invitation"]["state"] == "ACCEPTED"
    assert signed["invitation"]["agreement"] == {"number": agreement["number"]}
    terms = agreement["terms"]
    assert terms["partyA"]["name"] == "陈晓明" and terms["partyA"]["studentNumber"] == "3220701001"
    assert terms["partyA"]["phone"] == "13905510001"  # B5: in full to the graduate themself
    assert terms["partyB"]["name"] == world.employer.name and terms["partyB"]["uscc"] == world.employer.uscc
    assert terms["articles"]["breachTerms"] == "违约金 5000 元"

    graduate = await Graduate.get(id=world.alice.id)
    assert (graduate.destination_type, graduate.destination_locked) == ("10", True)  # S9
    assert await AuditEntry.filter(action="graduate.destination_registered", subject_id=graduate.id).count() == 1
    review = await Review.get(subject_type="agreement")
    assert review.state == "pending_department"
    answered = await OutboxEvent.get(kind="invitation.answered")
    assert (answered.employer_id, answered.payload["state"]) == (world.employer.id, "accepted")


async def test_s7_confirmation_at_60_seconds_signs_and_at_60_001_seconds_must_be_opened_again(world, gql, clock):
    clock.set(dt.datetime(2026, 3, 2, 10, 0, 0, 123456, tzinfo=BEIJING))
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    assert (await _accept(gql, world, invitation, True))["errors"][0]["code"] == "CONFIRMATION_EXPIRED"
    opened = await _accept(gql, world, invitation, False)
    assert dt.datetime.fromisoformat(opened["confirmationExpiresAt"]) == clock.now() + dt.timedelta(seconds=60)
    clock.advance(seconds=60.001)
    late = await _accept(gql, world, invitation, True)
    assert late["errors"] == [{"field": ["confirm"], "code": "CONFIRMATION_EXPIRED"}]
    assert await Agreement.all().count() == 0
    await _accept(gql, world, invitation, False)
    clock.advance(seconds=60)
    assert (await _accept(gql, world, invitation, True))["errors"] == []
    assert await Agreement.all().count() == 1


async def test_s11_invitations_can_be_accepted_from_1_september_beijing_time(world, gql, clock):
    """The class of 2026: signing opens on 1 September 2025, 00:00 in Beijing (16:00 UTC the day before)."""
    clock.set(dt.datetime(2025, 8, 31, 23, 59, 59, 999999, tzinfo=BEIJING))
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)  # sending is allowed before
    r = await gql(ACCEPT_ERRORS, {"input": {"id": encode_id("SigningInvitation", invitation.id)}},
                  token=world.tokens["alice"])
    assert r["data"]["acceptSigningInvitation"]["errors"] == [{
        "field": None, "code": "SIGNING_NOT_OPEN", "message": "学校规定 2025 年 9 月 1 日起方可接受签约邀请"}]
    clock.advance(dt.timedelta(microseconds=1))
    assert (await _accept(gql, world, invitation, False))["errors"] == []
    assert (await _accept(gql, world, invitation, True))["errors"] == []


async def test_s11_the_school_sets_its_signing_date(world, gql, clock):
    r = await gql("""mutation($input: UpdateSchoolSettingsInput!) { updateSchoolSettings(input: $input) {
      errors { code } school { settings { signingOpensMonth signingOpensDay } } } }""",
                  {"input": {"schoolId": encode_id("School", world.school.id), "signingOpensMonth": 10,
                             "signingOpensDay": 8}}, token=world.tokens["admin"])
    assert r["data"]["updateSchoolSettings"] == {
        "errors": [], "school": {"settings": {"signingOpensMonth": 10, "signingOpensDay": 8}}}
    clock.set(dt.datetime(2025, 10, 7, 23, 59, 59, tzinfo=BEIJING))
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    refused = await _accept(gql, world, invitation, False)
    assert refused["errors"] == [{"field": None, "code": "SIGNING_NOT_OPEN"}]
    clock.advance(seconds=1)
    assert (await _accept(gql, world, invitation, False))["errors"] == []


async def test_s5_after_accepting_other_invitations_are_readable_not_answerable(world, gql):
    await factories.ready_to_sign(world.alice)
    chosen = await factories.pending_invitation(world.alice, world.employer)
    other_employer = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    other = await factories.pending_invitation(world.alice, other_employer)
    await _accept(gql, world, other, False)  # opened before the first one was signed
    await _accept(gql, world, chosen, False)
    assert (await _accept(gql, world, chosen, True))["errors"] == []

    assert (await _accept(gql, world, other, True))["errors"][0]["code"] == "HAS_ACTIVE_AGREEMENT"
    assert (await _accept(gql, world, other, False))["errors"][0]["code"] == "HAS_ACTIVE_AGREEMENT"
    r = await gql(DECLINE, {"input": {"id": encode_id("SigningInvitation", other.id)}}, token=world.tokens["alice"])
    assert r["data"]["declineSigningInvitation"]["errors"][0]["code"] == "HAS_ACTIVE_AGREEMENT"
    listed = await gql("{ mySigningInvitations { edges { node { state employer { name } } } } }",
                       token=world.tokens["alice"])
    assert sorted(e["node"]["state"] for e in listed["data"]["mySigningInvitations"]["edges"]) == [
        "ACCEPTED", "PENDING"]
    assert await Agreement.all().count() == 1


async def test_s5_after_the_school_rejects_other_invitations_become_answerable_until_deadline(world, gql):
    await factories.ready_to_sign(world.alice)
    _, review = await factories.signed_agreement(world.alice, world.employer)
    other = await factories.pending_invitation(world.alice, await factories.employer("芜湖某科技", login_name=None))
    assert (await _accept(gql, world, other, False))["errors"][0]["code"] == "HAS_ACTIVE_AGREEMENT"
    await factories.decide(review, "reject", reason="单位名称与营业执照不一致")  # S10: the graduate is free again
    assert (await _accept(gql, world, other, False))["errors"] == []
    assert (await _accept(gql, world, other, True))["errors"] == []
    assert await Agreement.filter(active_graduate_id=world.alice.id).count() == 1


async def test_s0_rechecked_when_signing(world, gql):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    await _accept(gql, world, invitation, False)
    await Graduate.filter(id=world.alice.id).update(destination_type="80")
    assert (await _accept(gql, world, invitation, True))["errors"][0]["code"] == "NOT_AWAITING_EMPLOYMENT"
    assert await Agreement.all().count() == 0


async def test_s4_accepting_an_overdue_invitation_fails_expired(world, gql):
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer, days=-1)
    assert (await _accept(gql, world, invitation, False))["errors"][0]["code"] == "INVITATION_EXPIRED"
    await invitation.refresh_from_db()
    assert invitation.state == "expired"


async def test_only_the_invited_graduate_may_accept(world, gql):
    await factories.ready_to_sign(world.bob)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    assert (await _accept(gql, world, invitation, False, token=world.tokens["bob"]))["errors"][0][
        "code"] == "NOT_FOUND"
    assert (await _accept(gql, world, invitation, False, token=factories.token(Role.EMPLOYER, world.employer)))[
        "errors"][0]["code"] == "PERMISSION_DENIED"
