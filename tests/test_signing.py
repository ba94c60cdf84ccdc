"""Sending signing invitations (S0, S1, S2, S4, S6, P4), answering them, expiry, lists and visibility."""

import datetime as dt

from models import Application, AuditEntry, InterviewInvitation, OutboxEvent, SigningInvitation
from resolvers.signing import expiry
from resolvers.viewer import Role
from schema.relay import encode_id
from server import crypto
from tests import factories

TERMS = {"monthlySalary": 8000, "probationMonths": 3, "contractYears": 3, "reportDate": "2027-07-15",
         "breachTerms": "违约金 5000 元"}
INVITATION_FIELDS = """errors { field code message } invitation { id method state stateLabel deadline
  terms { positionTitle monthlySalary probationMonths supervisingAuthority workLocation { code } contactName }
  position { title } graduate { name idNumber } employer { name } }"""
DIRECT = f"""mutation($input: SendDirectSigningInvitationInput!) {{
  sendDirectSigningInvitation(input: $input) {{ {INVITATION_FIELDS} }} }}"""
AFTER_INTERVIEW = f"""mutation($input: SendSigningInvitationInput!) {{
  sendSigningInvitation(input: $input) {{ {INVITATION_FIELDS} }} }}"""
DECLINE = """mutation($input: DeclineSigningInvitationInput!) { declineSigningInvitation(input: $input) {
  errors { code } invitation { state } } }"""
WITHDRAW = """mutation($input: WithdrawSigningInvitationInput!) { withdrawSigningInvitation(input: $input) {
  errors { code } invitation { state } } }"""
MINE = "{ mySigningInvitations { edges { node { id state } } } }"
THEIRS = """query($f: SigningInvitationFilter) { signingInvitations(filter: $f) {
  totalCount edges { node { id state } } } }"""


async def _direct(gql, world, graduate=None, *, token=None, position=None, **overrides):
    graduate = graduate or world.alice
    position = position or await factories.position(world.employer)
    identity = {"schoolId": encode_id("School", graduate.school_id), "name": graduate.name,
                "studentNumber": graduate.student_number, "idNumber": crypto.decrypt(graduate.id_number_enc)}
    identity.update(overrides.pop("identity", {}))
    variables = {"input": {"positionId": encode_id("Position", position.id), "graduate": identity,
                           "terms": TERMS, **overrides}}
    r = await gql(DIRECT, variables, token=token or world.tokens["employer"])
    return r["data"]["sendDirectSigningInvitation"]


async def test_s2_direct_invitation_identifies_the_graduate_and_notifies_them(world, gql):
    await factories.ready_to_sign(world.alice)
    payload = await _direct(gql, world)
    assert payload["errors"] == []
    invitation = payload["invitation"]
    assert invitation["method"] == "DIRECT" and invitation["stateLabel"] == "待答复"
    assert invitation["terms"]["positionTitle"] == "软件工程师"  # from the position
    assert invitation["terms"]["workLocation"] == {"code": "340104"}
    assert invitation["terms"]["contactName"] == "张金华"  # from the employer
    assert invitation["graduate"]["name"] == "陈晓明"
    assert "*" in invitation["graduate"]["idNumber"]  # B5: masked to the employer
    deadline = dt.datetime.fromisoformat(invitation["deadline"])
    assert dt.timedelta(days=6, hours=23) < deadline - dt.datetime.now(dt.UTC) <= dt.timedelta(days=7)  # S4
    event = await OutboxEvent.get(kind="invitation.received")
    assert event.graduate_id == world.alice.id
    assert await AuditEntry.filter(action="signing_invitation.sent").count() == 1


async def test_s2_identity_mismatch_and_rate_limit(world, gql):
    await factories.ready_to_sign(world.alice)
    wrong = factories.id_number(serial=999)
    for _ in range(5):
        payload = await _direct(gql, world, identity={"idNumber": wrong})
        assert payload["errors"][0]["code"] == "IDENTITY_MISMATCH"
    # locked out even with the right data: guessing ID numbers is bounded
    payload = await _direct(gql, world)
    assert payload["errors"][0]["code"] == "RATE_LIMITED"
    assert await SigningInvitation.all().count() == 0


async def test_s2_only_own_positions(world, gql):
    await factories.ready_to_sign(world.alice)
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    payload = await _direct(gql, world, position=await factories.position(other))
    assert payload["errors"][0] == {"field": ["positionId"], "code": "NOT_FOUND",
                                    "message": "记录不存在或无权查看"}


async def test_s1_signing_invitation_needs_a_passed_interview(world, gql):
    await factories.ready_to_sign(world.alice)
    position = await factories.position(world.employer)
    application = await Application.create(graduate=world.alice, position=position)
    interview = await InterviewInvitation.create(
        employer=world.employer, graduate=world.alice, position=position, application=application,
        scheduled_at=dt.datetime.now(dt.UTC), place="线下", state="accepted")
    variables = {"input": {"interviewId": encode_id("InterviewInvitation", interview.id),
                           "terms": {**TERMS, "positionTitle": "后端开发工程师"}}}
    r = await gql(AFTER_INTERVIEW, variables, token=world.tokens["employer"])
    assert r["data"]["sendSigningInvitation"]["errors"][0]["code"] == "INTERVIEW_NOT_PASSED"

    interview.state = "passed"
    await interview.save()
    r = await gql(AFTER_INTERVIEW, variables, token=world.tokens["employer"])
    payload = r["data"]["sendSigningInvitation"]
    assert payload["errors"] == []
    assert payload["invitation"]["method"] == "INTERVIEW"
    assert payload["invitation"]["position"] == {"title": "软件工程师"}
    assert payload["invitation"]["terms"]["positionTitle"] == "后端开发工程师"


async def test_s0_any_graduate_receives_invitations_whatever_their_destination_or_signing_state(world, gql):
    """S0 (003 §4 note, 004 §3.2(2)): receiving is free; only accepting has conditions. S6 still holds."""
    assert (await _direct(gql, world))["errors"] == []  # origin record not confirmed yet
    assert (await _direct(gql, world))["errors"][0]["code"] == "INVITATION_PENDING"  # S6
    await factories.signed_agreement(world.bob, await factories.employer("别家公司", login_name=None))
    signed_elsewhere = await _direct(gql, world, world.bob)  # an active agreement, destination 10, locked
    assert signed_elsewhere["errors"] == []
    assert signed_elsewhere["invitation"]["state"] == "PENDING"
    assert (await OutboxEvent.filter(kind="invitation.received", graduate_id=world.bob.id).count()) == 2


async def test_s0_directed_or_commissioned_graduates_cannot_be_invited_to_sign_online(world, gql):
    """Training mode is the record's kind, not a state: such a graduate can never accept (S0, D5), so the
    employer is told when sending."""
    world.alice.training_mode = "2"
    await world.alice.save()
    assert (await _direct(gql, world))["errors"][0]["code"] == "DIRECTED_TRAINING"
    assert await SigningInvitation.all().count() == 0


async def test_s0_accepting_requires_the_conditions_with_their_codes(world, gql):
    invitation = await factories.pending_invitation(world.alice, world.employer)

    async def accept():
        r = await gql("""mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
          errors { code } } }""", {"input": {"id": encode_id("SigningInvitation", invitation.id)}},
                      token=world.tokens["alice"])
        errors = r["data"]["acceptSigningInvitation"]["errors"]
        return errors[0]["code"] if errors else None

    assert await accept() == "ORIGIN_NOT_CONFIRMED"
    await factories.ready_to_sign(world.alice)
    world.alice.destination_type = "80"
    await world.alice.save()
    assert await accept() == "NOT_AWAITING_EMPLOYMENT"
    world.alice.destination_type, world.alice.training_mode = "70", "2"  # the school re-imported the record
    await world.alice.save()
    assert await accept() == "DIRECTED_TRAINING"
    world.alice.training_mode = "1"
    await world.alice.save()
    await factories.signed_agreement(world.alice, await factories.employer("别家公司", login_name=None))
    assert await accept() == "HAS_ACTIVE_AGREEMENT"


async def test_s4_deadline_within_the_schools_range(world, gql):
    await factories.ready_to_sign(world.alice)
    for days in (-1, 31):
        deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).isoformat()
        payload = await _direct(gql, world, deadline=deadline)
        assert payload["errors"] == [{"field": ["deadline"], "code": "DEADLINE_OUT_OF_RANGE",
                                      "message": "应约截止时间须晚于当前时间，且不超过 30 天"}]
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=20)).isoformat()
    assert (await _direct(gql, world, deadline=deadline))["errors"] == []


async def test_p4_terms_are_validated_and_authority_required_without_hiring_autonomy(world, gql):
    await factories.ready_to_sign(world.alice)
    world.employer.has_hiring_autonomy = False
    await world.employer.save()
    payload = await _direct(gql, world, terms={"monthlySalary": 0, "probationMonths": 7})
    assert {(tuple(e["field"]), e["code"]) for e in payload["errors"]} == {
        (("terms", "monthlySalary"), "INVALID_INPUT"), (("terms", "probationMonths"), "INVALID_INPUT"),
        (("terms", "supervisingAuthority"), "REQUIRED")}
    payload = await _direct(gql, world, terms={**TERMS, "supervisingAuthority": "合肥市人才服务中心"})
    assert payload["invitation"]["terms"]["supervisingAuthority"] == "合肥市人才服务中心"


async def test_s6_employer_cannot_reinvite_while_pending_but_can_after_decline(world, gql):
    await factories.ready_to_sign(world.alice)
    first = (await _direct(gql, world))["invitation"]
    assert (await _direct(gql, world))["errors"][0]["code"] == "INVITATION_PENDING"
    # another employer may invite at the same time (S5)
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    other_payload = await _direct(gql, world, token=factories.token(Role.EMPLOYER, other),
                                  position=await factories.position(other))
    assert other_payload["errors"] == []

    r = await gql(DECLINE, {"input": {"id": first["id"], "reason": "已有其他选择"}}, token=world.tokens["alice"])
    assert r["data"]["declineSigningInvitation"] == {"errors": [], "invitation": {"state": "DECLINED"}}
    assert await OutboxEvent.filter(kind="invitation.answered", employer_id=world.employer.id).count() == 1
    assert (await _direct(gql, world))["errors"] == []


async def test_s6_employer_can_reinvite_after_expiry(world, gql):
    await factories.ready_to_sign(world.alice)
    await factories.pending_invitation(world.alice, world.employer, days=-1)
    assert (await _direct(gql, world))["errors"] == []


async def test_s4_expire_due_moves_overdue_invitations_and_tells_the_employer(world):
    overdue = await factories.pending_invitation(world.alice, world.employer, days=-0.01)
    current = await factories.pending_invitation(world.bob, world.employer, days=3)
    assert await expiry.expire_due(dt.datetime.now(dt.UTC)) == 1
    await overdue.refresh_from_db()
    await current.refresh_from_db()
    assert (overdue.state, current.state) == ("expired", "pending")
    event = await OutboxEvent.get(kind="invitation.answered")
    assert (event.employer_id, event.payload["state"]) == (world.employer.id, "expired")
    entry = await AuditEntry.get(action="signing_invitation.expired")
    assert entry.actor_kind == "system"
    assert await expiry.expire_due(dt.datetime.now(dt.UTC)) == 0


async def test_s4_reading_an_overdue_invitation_shows_it_expired(world, gql):
    overdue = await factories.pending_invitation(world.alice, world.employer, days=-1)
    mine = (await gql(MINE, token=world.tokens["alice"]))["data"]["mySigningInvitations"]["edges"]
    assert [e["node"]["state"] for e in mine] == ["EXPIRED"]
    other = await factories.pending_invitation(world.bob, world.employer, days=-1)
    node = "query($id: ID!) { node(id: $id) { ... on SigningInvitation { state } } }"
    r = await gql(node, {"id": encode_id("SigningInvitation", other.id)}, token=world.tokens["employer"])
    assert r["data"]["node"] == {"state": "EXPIRED"}
    await overdue.refresh_from_db()
    assert overdue.state == "expired"


async def test_s4_answering_an_overdue_invitation_expires_it_and_refuses(world, gql):
    await factories.ready_to_sign(world.alice)
    overdue = await factories.pending_invitation(world.alice, world.employer, days=-1)
    r = await gql(DECLINE, {"input": {"id": encode_id("SigningInvitation", overdue.id)}}, token=world.tokens["alice"])
    assert r["data"]["declineSigningInvitation"]["errors"][0]["code"] == "INVITATION_EXPIRED"
    await overdue.refresh_from_db()
    assert overdue.state == "expired"  # committed although the answer was refused


async def test_s4_withdraw_by_the_employer_only_while_pending(world, gql):
    invitation = await factories.pending_invitation(world.alice, world.employer)
    gid = encode_id("SigningInvitation", invitation.id)
    assert (await gql(WITHDRAW, {"input": {"id": gid}}, token=world.tokens["alice"]))["data"][
        "withdrawSigningInvitation"]["errors"][0]["code"] == "PERMISSION_DENIED"
    r = await gql(WITHDRAW, {"input": {"id": gid}}, token=world.tokens["employer"])
    assert r["data"]["withdrawSigningInvitation"] == {"errors": [], "invitation": {"state": "WITHDRAWN"}}
    assert await OutboxEvent.filter(kind="invitation.withdrawn", graduate_id=world.alice.id).count() == 1
    r = await gql(WITHDRAW, {"input": {"id": gid}}, token=world.tokens["employer"])
    assert r["data"]["withdrawSigningInvitation"]["errors"][0]["code"] == "INVALID_STATE"
    r = await gql(DECLINE, {"input": {"id": gid}}, token=world.tokens["alice"])
    assert r["data"]["declineSigningInvitation"]["errors"][0]["code"] == "INVALID_STATE"


async def test_signing_invitations_visible_only_to_their_parties(world, gql):
    invitation = await factories.pending_invitation(world.alice, world.employer)
    gid = encode_id("SigningInvitation", invitation.id)
    mine = (await gql(MINE, token=world.tokens["alice"]))["data"]["mySigningInvitations"]["edges"]
    assert [e["node"]["id"] for e in mine] == [gid]
    assert (await gql(MINE, token=world.tokens["bob"]))["data"]["mySigningInvitations"]["edges"] == []
    theirs = (await gql(THEIRS, {"f": {"state": "PENDING", "method": "DIRECT"}}, token=world.tokens["employer"]))
    assert theirs["data"]["signingInvitations"]["totalCount"] == 1
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    theirs = await gql(THEIRS, {"f": None}, token=factories.token(Role.EMPLOYER, other))
    assert theirs["data"]["signingInvitations"]["totalCount"] == 0
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert (await gql(node, {"id": gid}, token=world.tokens["bob"]))["data"]["node"] is None
    assert (await gql(node, {"id": gid}, token=factories.token(Role.EMPLOYER, other)))["data"]["node"] is None
    assert (await gql(node, {"id": gid}, token=world.tokens["other_admin"]))["data"]["node"] is None
    refused = await gql(THEIRS, {"f": None}, token=world.tokens["alice"])
    assert refused["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_s4_a_reader_who_may_not_see_an_overdue_invitation_does_not_expire_it(world, gql):
    """Issue 7 §13: S4's expiry at read time comes after the authorization check, never before it."""
    overdue = await factories.pending_invitation(world.alice, world.employer, days=-1)
    node = "query($id: ID!) { node(id: $id) { ... on SigningInvitation { state } } }"
    gid = encode_id("SigningInvitation", overdue.id)
    other = await factories.employer("芜湖某科技有限公司", login_name="wuhu")
    for token in (world.tokens["bob"], factories.token(Role.EMPLOYER, other), None):
        assert (await gql(node, {"id": gid}, token=token))["data"]["node"] is None
    await overdue.refresh_from_db()
    assert overdue.state == "pending"
    assert not await AuditEntry.filter(action="signing_invitation.expired").exists()
    assert not await OutboxEvent.filter(kind="invitation.answered").exists()
    assert (await gql(node, {"id": gid}, token=world.tokens["alice"]))["data"]["node"] == {"state": "EXPIRED"}
