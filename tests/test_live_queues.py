"""Issue 8.2 over real websockets: `reviewQueueChanged` for staff (R1, R2) and `signingInvitationChanged` for
employers and graduates (S4, S5, S6, S10).

The subscribers talk to a real server process; mutations go through HTTP to another process when Redis carries
the bus between them (two processes), else to the same one (the embedded default's bus is in-process). The
server's own dispatcher publishes the events, as `wangqian serve` does.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import httpx
import pytest

from models import OutboxEvent, Review, SigningInvitation
from resolvers.viewer import Role
from schema.relay import encode_id
from server import clock
from tests import factories
from tests import ws_client as ws
from tests.live_server import free_port, start_server, wait_healthy

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
QUEUE_CHANGED = (OPS / "console/ReviewQueueChanged.graphql").read_text()
REVIEW_QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()
UNLOCK = (OPS / "console/UnlockGraduate.graphql").read_text()
EMPLOYER_CHANGED = (OPS / "employer-spa/SigningInvitationChanged.graphql").read_text()
GRADUATE_CHANGED = (OPS / "mini-program/SigningInvitationChanged.graphql").read_text()
ACCEPT = (OPS / "mini-program/AcceptSigningInvitation.graphql").read_text()
DECLINE = (OPS / "mini-program/DeclineSigningInvitation.graphql").read_text()
WITHDRAW = (OPS / "employer-spa/WithdrawSigningInvitation.graphql").read_text()
SENT = (OPS / "employer-spa/SigningInvitations.graphql").read_text()
RECEIVED = (OPS / "mini-program/MySigningInvitations.graphql").read_text()
RESUBMIT = (OPS / "employer-spa/ResubmitAgreement.graphql").read_text()
REQUEST_CORRECTION = (OPS / "mini-program/RequestCorrection.graphql").read_text()
DECIDE_CORRECTION = (OPS / "console/DecideCorrection.graphql").read_text()
CORRECTIONS = (OPS / "console/CorrectionRequests.graphql").read_text()

TWO_PROCESSES = bool(os.environ.get("REDIS_URL"))
SUBSCRIBED = 1.5  # seconds for the server to start a subscription's stream before the test acts


@pytest.fixture(scope="module")
async def servers(database):
    """(where subscribers connect, where mutations go): two processes over Redis, else one."""
    ports = [free_port() for _ in range(2 if TWO_PROCESSES else 1)]
    procs = [start_server(p) for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            await asyncio.wait_for(asyncio.gather(*(wait_healthy(client, b) for b in bases)), timeout=60)
        yield bases[0], bases[-1]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except Exception:
                proc.kill()


async def settled() -> None:
    """Every event written so far is published: what the setup raised is not news to a stream opened next."""
    deadline = time.monotonic() + 30
    while await OutboxEvent.filter(published_at=None).exists():
        assert time.monotonic() < deadline, "the server's dispatcher did not publish the setup's events"
        await asyncio.sleep(0.1)


async def call(base: str, token: str, query: str, variables: dict | None = None) -> dict:
    async with httpx.AsyncClient(timeout=30) as client:
        r = await client.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                              headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body
    data = next(iter(body["data"].values()))
    assert not (isinstance(data, dict) and data.get("errors")), data
    return data


async def accept(base: str, token: str, invitation: SigningInvitation) -> None:
    for confirm in (False, True):
        await call(base, token, ACCEPT, {"input": {"id": gid("SigningInvitation", invitation.id),
                                                   "confirm": confirm}})


async def decide(base: str, token: str, review_id: int, decision: str, reason: str = "",
                 fields_to_fix: list[str] | None = None) -> None:
    await call(base, token, DECIDE, {"input": {"reviewId": gid("Review", review_id), "decision": decision,
                                               "reason": reason, "fieldsToFix": fields_to_fix}})


def gid(type_name: str, pk: int) -> str:
    return encode_id(type_name, pk)


async def next_change(stream: ws.Stream, field: str) -> dict:
    return (await stream.next(wait=20))[field]


async def second_reviewer(world):
    row = await factories.staff("cs2", Role.DEPARTMENT_REVIEWER, school=world.school, department=world.cs)
    return factories.token(Role.DEPARTMENT_REVIEWER, row)


def _same_file_links(row: dict) -> dict:
    licence = row["employer"]["licenseFile"]
    if licence:
        assert licence["url"] and licence["urlExpiresAt"]
        licence = {**licence, "url": licence["url"].split("?")[0], "urlExpiresAt": None}
    materials = row.get("employerMaterials")
    if materials:
        materials = {**materials, "materials": [
            {**m, "file": {**m["file"], "url": m["file"]["url"].split("?")[0], "urlExpiresAt": None}}
            for m in materials["materials"]]}
    return {**row, "employer": {**row["employer"], "licenseFile": licence}, "employerMaterials": materials}


@pytest.mark.parametrize("protocol", [ws.TRANSPORT_WS, ws.LEGACY_WS])
async def test_i8_counsellor_sees_a_new_signing_appear_then_disappear_when_another_reviewer_decides(
        world, servers, protocol):
    sub, act = servers
    other_reviewer = await second_reviewer(world)
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    await settled()
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED, protocol=protocol) as stream:
        await asyncio.sleep(SUBSCRIBED)
        await accept(act, world.tokens["alice"], invitation)
        added = await next_change(stream, "reviewQueueChanged")
        review = await Review.get(subject_type="agreement", graduate_id=world.alice.id)
        assert (added["change"], added["kind"], added["id"]) == ("ADDED", "AGREEMENT", gid("Review", review.id))
        assert added["correctionRequest"] is None and added["replacesId"] is None
        # R1: the very row the queue query shows, so the console puts it in place.
        listed = await call(act, world.tokens["cs"], REVIEW_QUEUE)
        # The licence link is signed afresh for each read (a short-lived URL): the file it names is what matters.
        assert [_same_file_links(e["node"]) for e in listed["edges"]] == [_same_file_links(added["review"])]
        assert added["review"]["graduate"]["name"] == world.alice.name
        assert added["review"]["employer"]["uscc"] == world.employer.uscc

        await decide(act, other_reviewer, review.id, "REJECT", "用人单位名称有误")
        removed = await next_change(stream, "reviewQueueChanged")
        assert (removed["change"], removed["id"]) == ("REMOVED", added["id"])
        assert removed["review"]["state"] == "REJECTED"
        assert removed["sequence"] > added["sequence"]
        await stream.nothing(1.0)


async def test_i8_a_department_approval_moves_the_row_to_the_school_admins_queue_then_out(world, servers):
    sub, act = servers
    agreement, review = await factories.signed_agreement(world.alice, world.employer)
    await settled()
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED) as counsellor, \
            ws.subscribe(sub, world.tokens["admin"], QUEUE_CHANGED, {"kind": "AGREEMENT"}) as admin:
        await asyncio.sleep(SUBSCRIBED)
        await decide(act, world.tokens["cs"], review.id, "APPROVE")
        moved = await next_change(counsellor, "reviewQueueChanged")
        assert (moved["change"], moved["review"]["state"]) == ("CHANGED", "PENDING_SCHOOL")
        arrived = await next_change(admin, "reviewQueueChanged")
        assert (arrived["change"], arrived["id"]) == ("ADDED", gid("Review", review.id))
        assert [d["level"] for d in arrived["review"]["decisions"]] == ["DEPARTMENT"]

        await decide(act, world.tokens["admin"], review.id, "RETURN", "月薪填写有误", ["monthlySalary"])
        for stream in (counsellor, admin):
            returned = await next_change(stream, "reviewQueueChanged")
            assert (returned["change"], returned["review"]["state"]) == ("CHANGED", "RETURNED")
            assert returned["review"]["decisions"][-1]["decision"] == "RETURN"

        # Resubmitted: a new round at the department, replacing the returned one in the counsellor's console.
        await call(act, world.tokens["employer"], RESUBMIT, {"input": {
            "agreementId": gid("Agreement", agreement.id), "terms": {"monthlySalary": 9000}}})
        resubmitted = await next_change(counsellor, "reviewQueueChanged")
        second = await Review.get(subject_type="agreement", subject_id=agreement.id, round=2)
        assert (resubmitted["change"], resubmitted["id"], resubmitted["replacesId"]) == (
            "CHANGED", gid("Review", second.id), gid("Review", review.id))
        assert resubmitted["review"]["state"] == "PENDING_DEPARTMENT"

        # T5: the unlock voids the agreement; its open round closes and leaves the counsellor's queue.
        await call(act, world.tokens["admin"], UNLOCK, {"input": {"graduateId": gid("Graduate", world.alice.id),
                                                                  "reason": "用人单位已注销"}})
        closed = await next_change(counsellor, "reviewQueueChanged")
        assert (closed["change"], closed["id"], closed["review"]["state"]) == (
            "REMOVED", gid("Review", second.id), "WITHDRAWN")
        await admin.nothing(1.0)  # the new round never reached the school level


async def test_i8_correction_requests_appear_in_the_correction_queue_and_leave_when_decided(world, servers):
    sub, act = servers
    _, review = await factories.signed_agreement(world.alice, world.employer)
    await settled()
    only = {"kind": "CORRECTION"}
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED, only) as counsellor, \
            ws.subscribe(sub, world.tokens["admin"], QUEUE_CHANGED, only) as admin:
        await asyncio.sleep(SUBSCRIBED)
        requested = await call(act, world.tokens["alice"], REQUEST_CORRECTION, {"input": {
            "field": "NAME", "requestedValue": "陈小明", "reason": "学校导入有误"}})
        for stream in (counsellor, admin):
            added = await next_change(stream, "reviewQueueChanged")
            assert (added["change"], added["kind"], added["review"]) == ("ADDED", "CORRECTION", None)
            listed = await call(act, world.tokens["cs"], CORRECTIONS)
            assert [e["node"] for e in listed["edges"]] == [added["correctionRequest"]]
        await call(act, world.tokens["admin"], DECIDE_CORRECTION, {"input": {
            "id": requested["correctionRequest"]["id"], "accept": False, "reason": "无户籍证明"}})
        for stream in (counsellor, admin):
            removed = await next_change(stream, "reviewQueueChanged")
            assert (removed["change"], removed["id"]) == ("REMOVED", requested["correctionRequest"]["id"])
            assert removed["correctionRequest"]["state"] == "REJECTED"
        await decide(act, world.tokens["cs"], review.id, "APPROVE")
        await counsellor.nothing(1.5)  # the signing queue's change is not the correction queue's


async def test_r2_a_department_reviewer_never_receives_another_departments_or_schools_items(world, servers):
    sub, act = servers
    world.other_school.review_levels = 1  # carol's school reviews at the school level only
    await world.other_school.save()
    invitations = {}
    for key in ("alice", "bob", "carol"):
        graduate = getattr(world, key)
        await factories.ready_to_sign(graduate)
        invitations[key] = await factories.pending_invitation(graduate, world.employer)
    await settled()
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED) as cs, \
            ws.subscribe(sub, world.tokens["law"], QUEUE_CHANGED) as law, \
            ws.subscribe(sub, world.tokens["admin"], QUEUE_CHANGED,
                         {"departmentId": gid("Department", world.law.id)}) as admin_law, \
            ws.subscribe(sub, world.tokens["other_admin"], QUEUE_CHANGED) as other_admin:
        await asyncio.sleep(SUBSCRIBED)
        for key in ("carol", "bob", "alice"):
            await accept(act, world.tokens[key], invitations[key])
        assert (await next_change(cs, "reviewQueueChanged"))["review"]["graduate"]["name"] == world.alice.name
        assert (await next_change(law, "reviewQueueChanged"))["review"]["graduate"]["name"] == world.bob.name
        assert (await next_change(other_admin, "reviewQueueChanged"))["review"]["graduate"]["name"] == \
            world.carol.name

        alices = await Review.get(graduate_id=world.alice.id)
        await decide(act, world.tokens["cs"], alices.id, "APPROVE")  # reaches the school level, not law's queue
        assert (await next_change(cs, "reviewQueueChanged"))["change"] == "CHANGED"
        for stream in (cs, law, admin_law, other_admin):
            await stream.nothing(1.0)


async def test_r2_the_live_queue_refuses_a_department_outside_the_viewers_scope(world, servers):
    sub, _ = servers
    law = {"departmentId": gid("Department", world.law.id)}
    async with ws.subscribe(sub, world.tokens["cs"], QUEUE_CHANGED, law) as stream:
        with pytest.raises(ws.OperationError) as refused:
            await stream.next()
        assert "PERMISSION_DENIED" in str(refused.value)
    other = {"departmentId": gid("Department", world.other_dept.id)}
    async with ws.subscribe(sub, world.tokens["admin"], QUEUE_CHANGED, other) as stream:
        with pytest.raises(ws.OperationError) as refused:
            await stream.next()
        assert "NOT_FOUND" in str(refused.value)
    async with ws.subscribe(sub, world.tokens["alice"], QUEUE_CHANGED) as stream:
        with pytest.raises(ws.OperationError) as refused:
            await stream.next()
        assert "PERMISSION_DENIED" in str(refused.value)


async def test_i8_employer_sees_its_invitations_accepted_declined_expired_and_withdrawn(world, servers):
    sub, act = servers
    dave = await factories.graduate(world.school, world.cs, world.cs_major, name="吴一凡",
                                    idn=factories.id_number(serial=9), phone="13905510004")
    await factories.ready_to_sign(world.alice)
    to_alice = await factories.pending_invitation(world.alice, world.employer)
    to_bob = await factories.pending_invitation(world.bob, world.employer)
    to_dave = await factories.pending_invitation(dave, world.employer)
    # S4: due a few seconds from now, so it expires while the employer is watching.
    to_carol = await factories.pending_invitation(world.carol, world.employer, days=8 / 86400)
    await settled()
    async with ws.subscribe(sub, world.tokens["employer"], EMPLOYER_CHANGED) as stream:
        await asyncio.sleep(SUBSCRIBED)
        await accept(act, world.tokens["alice"], to_alice)
        await call(act, world.tokens["bob"], DECLINE, {"input": {"id": gid("SigningInvitation", to_bob.id),
                                                                 "reason": "已有其他打算"}})
        await call(act, world.tokens["employer"], WITHDRAW, {"input": {"id": gid("SigningInvitation", to_dave.id)}})
        await asyncio.sleep(max(0.0, (to_carol.deadline - clock.now()).total_seconds()) + 0.2)
        await call(act, world.tokens["employer"], SENT)  # reading the list expires what is due (S4)
        seen = [await next_change(stream, "signingInvitationChanged") for _ in range(4)]
        assert [(c["change"], c["invitation"]["id"], c["invitation"]["state"]) for c in seen] == [
            ("ACCEPTED", gid("SigningInvitation", to_alice.id), "ACCEPTED"),
            ("DECLINED", gid("SigningInvitation", to_bob.id), "DECLINED"),
            ("WITHDRAWN", gid("SigningInvitation", to_dave.id), "WITHDRAWN"),
            ("EXPIRED", gid("SigningInvitation", to_carol.id), "EXPIRED"),
        ]
        assert seen[0]["invitation"]["agreement"]["number"]
        assert seen[1]["invitation"]["declineReason"] == "已有其他打算"
        # The employer sees the graduate's ID number masked, as in its list.
        assert "*" in seen[0]["invitation"]["graduate"]["idNumber"]
        await stream.nothing(1.0)


async def test_i8_graduate_sees_invitations_received_expired_withdrawn_and_answerable_again(world, servers):
    sub, act = servers
    other = await factories.employer(name="芜湖星辰科技有限公司", login_name="xingchen")
    other_token = factories.token(Role.EMPLOYER, other)
    due_soon = await factories.pending_invitation(world.alice, other, days=8 / 86400)
    await settled()
    async with ws.subscribe(sub, world.tokens["alice"], GRADUATE_CHANGED) as stream:
        await asyncio.sleep(SUBSCRIBED)
        sent = await factories.pending_invitation(world.alice, world.employer)
        received = await next_change(stream, "signingInvitationChanged")
        assert (received["change"], received["invitation"]["id"]) == ("RECEIVED", gid("SigningInvitation", sent.id))
        assert received["invitation"]["employer"]["name"] == world.employer.name

        await call(act, other_token, WITHDRAW, {"input": {"id": gid("SigningInvitation", due_soon.id)}})
        withdrawn = await next_change(stream, "signingInvitationChanged")
        assert (withdrawn["change"], withdrawn["invitation"]["state"]) == ("WITHDRAWN", "WITHDRAWN")

        expiring = await factories.pending_invitation(world.alice, other, days=6 / 86400)
        assert (await next_change(stream, "signingInvitationChanged"))["change"] == "RECEIVED"
        await asyncio.sleep(max(0.0, (expiring.deadline - clock.now()).total_seconds()) + 0.2)
        await call(act, world.tokens["alice"], RECEIVED)  # reading expires what is due (S4)
        expired = await next_change(stream, "signingInvitationChanged")
        assert (expired["change"], expired["invitation"]["id"]) == ("EXPIRED", gid("SigningInvitation", expiring.id))

        # Alice signs with the other employer; the school rejects the agreement: she is free again (S10), and
        # the invitation she could only read is answerable again.
        third = await factories.employer(name="马鞍山钢铁股份有限公司", login_name="magang")
        _, review = await factories.signed_agreement(world.alice, third)
        received_third = await next_change(stream, "signingInvitationChanged")
        assert received_third["change"] == "RECEIVED"
        await decide(act, world.tokens["cs"], review.id, "REJECT", "单位名称有误")
        again = await next_change(stream, "signingInvitationChanged")
        assert (again["change"], again["invitation"]["id"], again["invitation"]["state"]) == (
            "ANSWERABLE", gid("SigningInvitation", sent.id), "PENDING")
        await stream.nothing(1.0)


async def test_i8_an_invitation_stream_shows_nobody_elses_invitations(world, servers):
    sub, act = servers
    stranger = await factories.employer(name="芜湖星辰科技有限公司", login_name="xingchen")
    await factories.ready_to_sign(world.bob)
    await settled()
    async with ws.subscribe(sub, world.tokens["alice"], GRADUATE_CHANGED) as alice, \
            ws.subscribe(sub, factories.token(Role.EMPLOYER, stranger), EMPLOYER_CHANGED) as other:
        await asyncio.sleep(SUBSCRIBED)
        to_bob = await factories.pending_invitation(world.bob, world.employer)
        await accept(act, world.tokens["bob"], to_bob)
        await alice.nothing(2.5)
        await other.nothing(0.5)
