"""Termination (T1-T4): the graduate's request with the employer's consent, its two-level review, withdrawal."""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from models import Agreement, Graduate, OutboxEvent, Review, StoredFile, Termination
from resolvers import files as stored_files
from schema.relay import decode_id, encode_id
from server.settings import get_settings
from tests import factories, files

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
REQUEST = (OPS / "mini-program/RequestTermination.graphql").read_text()
WITHDRAW = (OPS / "mini-program/WithdrawTermination.graphql").read_text()
MINE = (OPS / "mini-program/MyTerminations.graphql").read_text()
DECIDE = (OPS / "console/DecideReview.graphql").read_text()
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()

BEIJING = ZoneInfo("Asia/Shanghai")
PNG = files.png()
PDF = files.pdf()


approved_agreement = factories.approved_agreement


async def request(client, token, agreement, content=PNG, filename="解约证明.png", reason="双方协商一致解除协议"):
    operations = {"query": REQUEST, "variables": {"input": {
        "agreementId": encode_id("Agreement", agreement.id), "reason": reason, "consentFile": None}}}
    r = await client.post("/graphql", headers={"Authorization": f"Bearer {token}"},
                          data={"operations": json.dumps(operations),
                                "map": json.dumps({"0": ["variables.input.consentFile"]})},
                          files={"0": (filename, content, "application/octet-stream")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"]["requestTermination"]


async def decide(gql, token, review_id, decision="APPROVE", **extra):
    r = await gql(DECIDE, {"input": {"reviewId": encode_id("Review", review_id), "decision": decision, **extra}},
                  token=token)
    return r["data"]["decideReview"]


def codes(payload):
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def termination_review(termination_gid):
    return await Review.get(subject_type="termination", subject_id=decode_id(termination_gid, "Termination"))


async def test_t1_graduate_requests_termination_with_the_employers_consent(world, gql, client):
    agreement = await approved_agreement(world.alice, world.employer)
    payload = await request(client, world.tokens["alice"], agreement, content=PDF, filename="consent.pdf")
    assert payload["errors"] == []
    termination = payload["termination"]
    assert (termination["state"], termination["stateLabel"]) == ("REQUESTED", "待审核")
    assert termination["consentFile"] == {"filename": "consent.pdf", "contentType": "application/pdf",
                                          "size": len(PDF)}
    stored = await StoredFile.get(purpose="termination_consent")
    assert await stored_files.read(stored) == PDF and stored.owner_id == world.alice.id
    review = await termination_review(termination["id"])
    assert (review.state, review.employer_id) == ("pending_department", world.employer.id)
    r = await gql(QUEUE, {"filter": {"subjectType": "TERMINATION"}}, token=world.tokens["cs"])
    [row] = [e["node"] for e in r["data"]["reviewQueue"]["edges"]]
    assert row["termination"]["reason"] == "双方协商一致解除协议"
    assert row["agreement"]["number"] == agreement.number


async def test_t1_only_an_approved_online_agreement_of_ones_own(world, client):
    pending, _ = await factories.signed_agreement(world.alice, world.employer)
    assert codes(await request(client, world.tokens["alice"], pending)) == [("NOT_ONLINE_AGREEMENT", ["agreementId"])]
    bobs = await approved_agreement(world.bob, world.employer)
    assert codes(await request(client, world.tokens["alice"], bobs)) == [("NOT_FOUND", ["agreementId"])]
    assert codes(await request(client, world.tokens["employer"], bobs))[0][0] == "PERMISSION_DENIED"
    assert await Termination.all().count() == 0


async def test_t1_consent_must_be_an_image_or_a_pdf(world, client):
    agreement = await approved_agreement(world.alice, world.employer)
    disguised = await request(client, world.tokens["alice"], agreement, content=b"MZ\x90\x00 not an image",
                              filename="盖章.png")
    assert codes(disguised) == [("FILE_TYPE_NOT_ALLOWED", ["consentFile"])]
    text = await request(client, world.tokens["alice"], agreement, content="同意解约".encode(), filename="a.txt")
    assert codes(text) == [("FILE_TYPE_NOT_ALLOWED", ["consentFile"])]
    assert await StoredFile.all().count() == 0 and await Review.filter(subject_type="termination").count() == 0


async def test_t1_consent_file_size_is_limited(world, client):
    agreement = await approved_agreement(world.alice, world.employer)
    too_big = PNG + b"\x00" * (get_settings().upload_max_bytes - len(PNG) + 1)
    payload = await request(client, world.tokens["alice"], agreement, content=too_big)
    assert codes(payload) == [("FILE_TOO_LARGE", ["consentFile"])]


@pytest.mark.parametrize(("month", "opens", "label"), [
    (None, dt.datetime(2025, 9, 1, tzinfo=BEIJING), "2025 年 9 月 1 日"),  # the default (seed 003 §4)
    (3, dt.datetime(2026, 3, 1, tzinfo=BEIJING), "2026 年 3 月 1 日"),  # a school's own, later in the year
])
async def test_t2_termination_refused_before_the_schools_date_and_allowed_from_it_beijing_time(
        world, gql, client, clock, month, opens, label):
    """The class of 2026. The agreement is signed and approved the moment signing opens (1 September 2025,
    S11); the request is then tried one microsecond before the termination date and at it. For the default
    date that is a step back in time: with the default dates no agreement exists before 1 September."""
    if month:
        r = await gql("""mutation($input: UpdateSchoolSettingsInput!) { updateSchoolSettings(input: $input) {
          errors { code } } }""", {"input": {"schoolId": encode_id("School", world.school.id),
                                            "terminationOpensMonth": month}}, token=world.tokens["admin"])
        assert r["data"]["updateSchoolSettings"]["errors"] == []
    clock.set(dt.datetime(2025, 9, 1, tzinfo=BEIJING))
    agreement = await approved_agreement(world.alice, world.employer)
    clock.set(opens - dt.timedelta(microseconds=1))
    refused = await request(client, world.tokens["alice"], agreement)
    assert codes(refused) == [("TERMINATION_NOT_OPEN", ["agreementId"])]
    assert refused["errors"][0]["message"] == f"学校规定 {label}起方可申请解约"
    clock.set(opens)
    assert (await request(client, world.tokens["alice"], agreement))["errors"] == []


async def test_t3_at_most_the_schools_number_of_terminations(world, client):
    world.school.max_terminations = 2
    await world.school.save()
    await Graduate.filter(id=world.alice.id).update(terminations_used=2)
    agreement = await approved_agreement(world.alice, world.employer)
    payload = await request(client, world.tokens["alice"], agreement)
    assert codes(payload) == [("TERMINATION_LIMIT_REACHED", ["agreementId"])]
    assert "2 次" in payload["errors"][0]["message"]


async def test_t3_one_pending_termination_at_a_time(world, client):
    agreement = await approved_agreement(world.alice, world.employer)
    assert (await request(client, world.tokens["alice"], agreement))["errors"] == []
    again = await request(client, world.tokens["alice"], agreement)
    assert codes(again) == [("TERMINATION_PENDING", ["agreementId"])]


async def test_t4_department_then_school_agree_and_the_graduate_is_free(world, gql, client):
    agreement = await approved_agreement(world.alice, world.employer)
    termination = (await request(client, world.tokens["alice"], agreement))["termination"]
    review = await termination_review(termination["id"])
    assert codes(await decide(gql, world.tokens["admin"], review.id)) == [("PERMISSION_DENIED", ["reviewId"])]
    first = await decide(gql, world.tokens["cs"], review.id)
    assert first["errors"] == [] and first["review"]["termination"]["state"] == "REQUESTED"
    final = await decide(gql, world.tokens["admin"], review.id)
    assert final["errors"] == []
    assert final["review"]["termination"]["stateLabel"] == "同意解约"
    assert final["review"]["agreement"]["state"] == "TERMINATED" and final["review"]["agreement"]["voidedAt"]
    alice = await Graduate.get(id=world.alice.id)
    assert (alice.destination_type, alice.destination_locked, alice.terminations_used) == ("70", False, 1)
    assert (await Agreement.get(id=agreement.id)).active_graduate_id is None
    event = await OutboxEvent.get(kind="termination.decided")
    assert (event.graduate_id, event.employer_id, event.payload["decision"]) == (
        world.alice.id, world.employer.id, "approve")
    mine = await gql(MINE, {}, token=world.tokens["alice"])
    [node] = [e["node"] for e in mine["data"]["myTerminations"]["edges"]]
    assert node["state"] == "APPROVED" and node["agreement"]["stateLabel"] == "已解约"
    assert [d["level"] for d in node["reviews"][0]["decisions"]] == ["DEPARTMENT", "SCHOOL"]


async def test_t4_disagreeing_needs_a_reason_and_keeps_the_agreement(world, gql, client):
    agreement = await approved_agreement(world.alice, world.employer)
    termination = (await request(client, world.tokens["alice"], agreement))["termination"]
    review = await termination_review(termination["id"])
    assert codes(await decide(gql, world.tokens["cs"], review.id, "REJECT")) == [("REASON_REQUIRED", ["reason"])]
    returned = await decide(gql, world.tokens["cs"], review.id, "RETURN", reason="材料不清", fieldsToFix=["x"])
    assert ("INVALID_INPUT", ["decision"]) in codes(returned)
    refused = await decide(gql, world.tokens["cs"], review.id, "REJECT", reason="解约材料未加盖公章")
    assert refused["errors"] == [] and refused["review"]["termination"]["state"] == "REJECTED"
    assert refused["review"]["agreement"]["state"] == "APPROVED"
    alice = await Graduate.get(id=world.alice.id)
    assert (alice.destination_locked, alice.terminations_used) == (True, 0)
    mine = await gql(MINE, {}, token=world.tokens["alice"])
    node = mine["data"]["myTerminations"]["edges"][0]["node"]
    assert node["reviews"][0]["decisions"][0]["reason"] == "解约材料未加盖公章"
    assert (await OutboxEvent.get(kind="termination.decided")).payload["decision"] == "reject"


async def test_t4_graduate_withdraws_a_pending_request(world, gql, client):
    agreement = await approved_agreement(world.alice, world.employer)
    termination = (await request(client, world.tokens["alice"], agreement))["termination"]
    variables = {"input": {"id": termination["id"]}}
    foreign = (await gql(WITHDRAW, variables, token=world.tokens["bob"]))["data"]["withdrawTermination"]
    assert codes(foreign) == [("NOT_FOUND", ["id"])]
    payload = (await gql(WITHDRAW, variables, token=world.tokens["alice"]))["data"]["withdrawTermination"]
    assert payload["errors"] == [] and payload["termination"]["state"] == "WITHDRAWN"
    assert (await termination_review(termination["id"])).state == "withdrawn"
    r = await gql(QUEUE, {}, token=world.tokens["cs"])
    assert r["data"]["reviewQueue"]["edges"] == []
    again = (await gql(WITHDRAW, variables, token=world.tokens["alice"]))["data"]["withdrawTermination"]
    assert codes(again)[0][0] == "INVALID_STATE"
    assert (await request(client, world.tokens["alice"], agreement))["errors"] == []


async def test_t1_my_terminations_are_the_graduates_own(world, gql, client):
    agreement = await approved_agreement(world.alice, world.employer)
    assert (await request(client, world.tokens["alice"], agreement))["errors"] == []
    theirs = await gql(MINE, {}, token=world.tokens["bob"])
    assert theirs["data"]["myTerminations"]["edges"] == []
    employer = await gql(MINE, {}, token=world.tokens["employer"])
    assert employer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
