"""Destination registration (D1-D5, S9, R2-R4, X3) through the mini-program's and the console's operations."""

import asyncio
import io
import json
import random
from pathlib import Path

import pytest
from PIL import Image

from models import AuditEntry, Destination, OutboxEvent, Review, StoredFile
from resolvers import files as stored_files
from resolvers.destination.catalog import DIRECTED_SUPPLEMENT, KINDS, Kind
from resolvers.viewer import Role
from schema.relay import decode_id, encode_id
from tests import factories, files

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"


def op(path: str) -> str:
    return (OPS / path).read_text()


REGISTER = op("mini-program/RegisterDestination.graphql")
STAFF_REGISTER = op("console/RegisterDestination.graphql")
UPDATE = op("mini-program/UpdateDestination.graphql")
STAFF_UPDATE = op("console/UpdateDestination.graphql")
CORRECT = op("console/CorrectDestination.graphql")
ADD_PROOF = op("mini-program/AddDestinationProof.graphql")
DELETE_PROOF = op("mini-program/DeleteDestinationProof.graphql")
SUBMIT = op("mini-program/SubmitDestination.graphql")
RECALL = op("mini-program/RecallDestination.graphql")
DISCARD = op("mini-program/DiscardDestination.graphql")
VOID = op("mini-program/VoidDestination.graphql")
MINE = op("mini-program/MyDestinations.graphql")
CATALOG = op("mini-program/DestinationCatalog.graphql")
LIST = op("console/Destinations.graphql")
DETAIL = op("console/DestinationDetail.graphql")
QUEUE = op("console/ReviewQueue.graphql")
DECIDE = op("console/DecideReview.graphql")
ME = "{ me { graduate { destinationType { code } destinationLocked } } }"

PNG = files.png()
PDF = files.pdf()

REGION = {"code": "340202", "name": "安徽省芜湖市镜湖区"}
# A valid value of every field of the catalog, as the input names it.
VALUES = {
    "employerName": "芜湖市镜湖区人民医院", "employerNature": "23", "industry": "43",
    "employerUscc": "91340200713920435Q",
    "positionTitle": "住院医师", "contractStart": "2026-07-01", "contractMonths": 36, "employmentMonths": 12,
    "monthlySalary": 6500, "salaryNotBelowMinimum": True, "country": "新加坡", "schoolName": "中国科学技术大学",
    "majorName": "计算机科学与技术", "businessName": "芜湖小鹿网店", "occupation": "自由撰稿人",
}
REGION_FIELDS = ("workRegion", "schoolRegion", "businessRegion", "enlistmentRegion")


def details_of(kind: Kind) -> dict:
    out = {}
    for f in kind.fields:
        if f.name in REGION_FIELDS:
            out[f"{f.name}Code"], out[f"{f.name}Name"] = REGION["code"], REGION["name"]
        else:
            out[f.name] = VALUES[f.name]
    return out


def kind_id(kind: Kind) -> str:
    return f"{kind.type}-{kind.sub_type or ''}-{kind.label}"


def errors(payload):
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def call(gql, query, token, **input):
    r = await gql(query, {"input": input}, token=token)
    assert "errors" not in r, r
    return next(iter(r["data"].values()))


async def register(gql, token, kind: Kind, **extra):
    return await call(gql, REGISTER, token, type=kind.type, subType=kind.sub_type, details=details_of(kind), **extra)


async def add_proof(client, token, destination_id, content=PNG, filename="证明.png"):
    operations = {"query": ADD_PROOF, "variables": {"input": {"id": destination_id, "file": None}}}
    r = await client.post("/graphql", headers={"Authorization": f"Bearer {token}"},
                          data={"operations": json.dumps(operations),
                                "map": json.dumps({"0": ["variables.input.file"]})},
                          files={"0": (filename, content, "application/octet-stream")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "errors" not in body, body
    return body["data"]["addDestinationProof"]


async def review_of(destination_id) -> Review:
    return await Review.filter(subject_type="destination",
                               subject_id=decode_id(destination_id, "Destination")).order_by("-round").first()


async def decide(gql, token, review: Review, decision="APPROVE", **extra):
    return await call(gql, DECIDE, token, reviewId=encode_id("Review", review.id), decision=decision, **extra)


async def submitted(gql, client, token, kind: Kind, proofs: int | None = None):
    """A registration with the kind's fields and proofs, submitted."""
    created = (await register(gql, token, kind))["destination"]
    for _ in range(kind.proofs.at_least if proofs is None else proofs):
        assert (await add_proof(client, token, created["id"]))["errors"] == []
    payload = await call(gql, SUBMIT, token, id=created["id"])
    assert payload["errors"] == [], payload
    return payload["destination"]


async def graduate_for(world, kind: Kind):
    """Alice, or for the directed supplement a directed graduate of her department (D5)."""
    if kind.sub_type != DIRECTED_SUPPLEMENT:
        return world.alice, world.tokens["alice"]
    directed = await factories.graduate(world.school, world.cs, world.cs_major, name="定向生",
                                        idn=factories.id_number(serial=11), training_mode="2")
    return directed, factories.token(Role.GRADUATE, directed)


@pytest.mark.parametrize("kind", KINDS, ids=kind_id)
async def test_d1_every_type_names_each_missing_required_field(world, gql, kind):
    _, token = await graduate_for(world, kind)
    payload = await call(gql, REGISTER, token, type=kind.type, subType=kind.sub_type, details={})
    expected = [("REQUIRED", ["details", f"{f.name}Code" if f.kind == "region" else f.name]) for f in kind.fields]
    assert errors(payload) == expected
    assert all(e["message"].startswith("请填写") for e in payload["errors"])
    assert await Destination.all().count() == (0 if kind.fields else 1)


@pytest.mark.parametrize("kind", KINDS, ids=kind_id)
async def test_d1_every_type_registers_with_its_proofs_and_is_approved_by_both_levels(world, gql, client, kind):
    _, token = await graduate_for(world, kind)
    created = (await register(gql, token, kind))["destination"]
    assert (created["type"], created["subType"], created["nationalCode"]) == (
        kind.type, kind.sub_type, kind.national_code)
    assert created["state"] == "DRAFT" and created["enteredBy"] == "GRADUATE"
    assert [d["name"] for d in created["details"]] == [f.name for f in kind.fields]
    if kind.proofs.at_least:
        refused = await call(gql, SUBMIT, token, id=created["id"])
        assert errors(refused) == [("PROOFS_REQUIRED", ["proofs"])]
        assert kind.proofs.criteria in refused["errors"][0]["message"]
        for _ in range(kind.proofs.at_least):
            await add_proof(client, token, created["id"])
    payload = await call(gql, SUBMIT, token, id=created["id"])
    assert payload["errors"] == [] and payload["destination"]["stateLabel"] == "待审核"
    review = await review_of(created["id"])
    assert (await decide(gql, world.tokens["cs"], review))["errors"] == []
    assert (await decide(gql, world.tokens["admin"], review))["errors"] == []
    me = (await gql(ME, token=token))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": kind.type}, "destinationLocked": True}
    [row] = [e["node"] for e in (await gql(MINE, {}, token=token))["data"]["myDestinations"]["edges"]]
    assert row["state"] == "APPROVED" and row["approvedAt"]


async def test_d1_one_pdf_holds_the_pages_a_labour_contract_needs(world, gql, client):
    kind = next(k for k in KINDS if k.type == "11")
    created = (await register(gql, world.tokens["alice"], kind))["destination"]
    await add_proof(client, world.tokens["alice"], created["id"])
    assert errors(await call(gql, SUBMIT, world.tokens["alice"], id=created["id"])) == [
        ("PROOFS_REQUIRED", ["proofs"])]
    await add_proof(client, world.tokens["alice"], created["id"], PDF, "合同.pdf")
    assert (await call(gql, SUBMIT, world.tokens["alice"], id=created["id"]))["errors"] == []


async def test_d1_labour_contract_of_six_months_and_a_wage_not_below_the_minimum(world, gql):
    kind = next(k for k in KINDS if k.type == "11")
    details = {**details_of(kind), "contractMonths": 5, "salaryNotBelowMinimum": False, "workRegionCode": "340200"}
    payload = await call(gql, REGISTER, world.tokens["alice"], type="11", details=details)
    assert errors(payload) == [("INVALID_REGION", ["details", "workRegionCode"]),
                               ("OUT_OF_RANGE", ["details", "contractMonths"]),
                               ("OUT_OF_RANGE", ["details", "salaryNotBelowMinimum"])]


async def test_d1_a_type_with_sub_types_needs_one(world, gql):
    payload = await call(gql, REGISTER, world.tokens["alice"], type="50", details={})
    assert errors(payload) == [("REQUIRED", ["subType"])]
    assert "三支一扶" in payload["errors"][0]["message"]
    wrong = await call(gql, REGISTER, world.tokens["alice"], type="50", subType="801", details={})
    assert errors(wrong) == [("INVALID_CODE", ["subType"])]


async def test_d2_at_most_four_proofs_images_over_300_kb_recompressed(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    created = (await register(gql, world.tokens["alice"], kind))["destination"]
    buffer = io.BytesIO()
    # Noise does not compress: a photo-sized PNG well over 300 KB (seeded: the same bytes every run).
    Image.frombytes("RGB", (1000, 1000), random.Random(7).randbytes(3_000_000)).save(buffer, "PNG")
    big = buffer.getvalue()
    assert len(big) > 300 * 1024
    added = await add_proof(client, world.tokens["alice"], created["id"], big, "营业执照.png")
    assert added["errors"] == []
    [proof] = added["destination"]["proofs"]
    assert proof["file"]["contentType"] == "image/jpeg" and proof["file"]["filename"] == "营业执照.jpg"
    assert proof["file"]["size"] <= 300 * 1024
    stored = await StoredFile.get(purpose="destination_proof")
    assert Image.open(io.BytesIO(await stored_files.read(stored))).format == "JPEG"
    for content in (PNG, files.jpeg(), PDF):
        assert (await add_proof(client, world.tokens["alice"], created["id"], content))["errors"] == []
    fifth = await add_proof(client, world.tokens["alice"], created["id"])
    assert errors(fifth) == [("TOO_MANY_PROOFS", ["file"])]
    assert await StoredFile.filter(purpose="destination_proof").count() == 4


async def test_d2_proofs_are_checked_by_content_and_bombs_refused(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    created = (await register(gql, world.tokens["alice"], kind))["destination"]
    fake = await add_proof(client, world.tokens["alice"], created["id"], b"MZ\x90\x00 not an image", "a.png")
    assert errors(fake) == [("FILE_TYPE_NOT_ALLOWED", ["file"])]
    bomb = await add_proof(client, world.tokens["alice"], created["id"], files.png_bomb(), "bomb.png")
    assert errors(bomb) == [("FILE_TOO_LARGE", ["file"])]
    assert await StoredFile.all().count() == 0


async def test_d2_proofs_deletable_before_review_only(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    created = (await register(gql, world.tokens["alice"], kind))["destination"]
    added = await add_proof(client, world.tokens["alice"], created["id"])
    await add_proof(client, world.tokens["alice"], created["id"])
    file_id = added["destination"]["proofs"][0]["fileId"]
    deleted = await call(gql, DELETE_PROOF, world.tokens["alice"], id=created["id"], fileId=file_id)
    assert deleted["errors"] == [] and deleted["destination"]["proofsCount"] == 1
    assert await StoredFile.filter(purpose="destination_proof").count() == 1
    await call(gql, SUBMIT, world.tokens["alice"], id=created["id"])
    remaining = (await Destination.get(id=decode_id(created["id"], "Destination"))).proof_file_ids[0]
    late = await call(gql, DELETE_PROOF, world.tokens["alice"], id=created["id"],
                      fileId=encode_id("StoredFile", remaining))
    assert errors(late) == [("INVALID_STATE", ["id"])]


async def test_d1_reviewers_open_proofs_by_signed_link_others_do_not(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    detail = await gql(DETAIL, {"id": destination["id"]}, token=world.tokens["cs"])
    [proof] = detail["data"]["node"]["proofs"]
    r = await client.get(proof["file"]["url"])
    assert r.status_code == 200 and r.content == PNG
    other = await gql(DETAIL, {"id": destination["id"]}, token=world.tokens["law"])
    assert other["data"]["node"] is None
    province = await gql(DETAIL, {"id": destination["id"]}, token=world.tokens["province"])
    assert province["data"]["node"]["proofs"][0]["file"]["url"] is None


async def test_r2_destination_waits_in_the_department_queue_with_what_a_reviewer_needs(world, gql, client):
    kind = next(k for k in KINDS if k.type == "11")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    r = await gql(QUEUE, {"filter": {"subjectType": "DESTINATION"}}, token=world.tokens["cs"])
    [row] = [e["node"] for e in r["data"]["reviewQueue"]["edges"]]
    assert row["graduate"]["studentNumber"] == "3220701001" and row["department"]["name"] == "计算机与信息学院"
    assert row["destination"]["id"] == destination["id"] and row["destination"]["proofsCount"] == 2
    assert row["destination"]["typeLabel"] == "签劳动合同形式就业" and row["submittedAt"]
    employer = {"name": "employerName", "label": "单位名称", "value": "芜湖市镜湖区人民医院"}
    assert employer in row["destination"]["details"]
    assert row["agreement"] is None and row["employer"] is None
    law = await gql(QUEUE, {"filter": {"subjectType": "DESTINATION"}}, token=world.tokens["law"])
    assert law["data"]["reviewQueue"]["edges"] == []


async def test_r3_return_names_fields_and_the_graduate_fixes_and_resubmits(world, gql, client):
    kind = next(k for k in KINDS if k.type == "12")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    review = await review_of(destination["id"])
    no_reason = await decide(gql, world.tokens["cs"], review, "RETURN", fieldsToFix=["monthlySalary"])
    assert errors(no_reason) == [("REASON_REQUIRED", ["reason"])]
    unknown = await decide(gql, world.tokens["cs"], review, "RETURN", reason="x", fieldsToFix=["breachTerms"])
    assert errors(unknown) == [("INVALID_INPUT", ["fieldsToFix"])]
    returned = await decide(gql, world.tokens["cs"], review, "RETURN", reason="工资与登记表不符",
                            fieldsToFix=["monthlySalary", "proofs"])
    assert returned["errors"] == []
    [row] = [e["node"] for e in (await gql(MINE, {}, token=world.tokens["alice"]))["data"]["myDestinations"]["edges"]]
    assert row["state"] == "RETURNED" and row["returnedFields"] == ["monthlySalary", "proofs"]
    assert row["reviews"][0]["decisions"][0]["reason"] == "工资与登记表不符"
    event = await OutboxEvent.get(kind="destination.decided")
    assert event.graduate_id == world.alice.id and event.payload["fieldsToFix"] == ["月工资收入（元）", "证明材料"]
    changes = [e.payload["change"] for e in await OutboxEvent.filter(kind="record.changed")]
    assert changes == ["destination_return"]
    fixed = await call(gql, UPDATE, world.tokens["alice"], id=destination["id"], type="12",
                       details={**details_of(kind), "monthlySalary": 7000})
    assert fixed["errors"] == []
    again = await call(gql, SUBMIT, world.tokens["alice"], id=destination["id"])
    assert again["errors"] == []
    assert (await review_of(destination["id"])).round == 2


async def test_r3_reject_voids_the_registration_and_the_graduate_registers_again(world, gql, client):
    kind = next(k for k in KINDS if k.type == "46")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    review = await review_of(destination["id"])
    assert errors(await decide(gql, world.tokens["cs"], review, "REJECT")) == [("REASON_REQUIRED", ["reason"])]
    assert (await decide(gql, world.tokens["cs"], review, "REJECT", reason="入伍通知书不清晰"))["errors"] == []
    row = await Destination.get(id=decode_id(destination["id"], "Destination"))
    assert (row.state, row.active_graduate_id) == ("rejected", None)
    event = await OutboxEvent.get(kind="destination.decided")
    assert event.payload["decision"] == "reject"
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": "70"}, "destinationLocked": False}
    assert (await register(gql, world.tokens["alice"], kind))["errors"] == []


async def test_r4_reviewer_corrects_type_and_fields_recorded_and_announced(world, gql, client):
    kind = next(k for k in KINDS if k.type == "12")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    labour = next(k for k in KINDS if k.type == "11")
    not_yet = await call(gql, CORRECT, world.tokens["admin"], id=destination["id"], type="11",
                         details=details_of(labour))
    assert errors(not_yet) == [("PERMISSION_DENIED", ["id"])]
    corrected = await call(gql, CORRECT, world.tokens["cs"], id=destination["id"], type="11",
                           details={**details_of(labour), "employerName": "芜湖市第一人民医院"})
    assert corrected["errors"] == []
    assert corrected["destination"]["typeLabel"] == "签劳动合同形式就业"
    entry = await AuditEntry.get(action="destination.corrected")
    assert entry.before["type"] == "12" and entry.after["type"] == "11"
    assert entry.after["details"]["employer_name"] == "芜湖市第一人民医院"
    change = await OutboxEvent.get(kind="record.changed", graduate_id=world.alice.id)
    assert change.payload["change"] == "destination_corrected"
    assert "毕业去向" in change.payload["reason"] and "单位名称" in change.payload["reason"]
    missing = await call(gql, CORRECT, world.tokens["cs"], id=destination["id"], type="80", subType="801", details={})
    assert [e[0] for e in errors(missing)] == ["REQUIRED"] * 3


async def test_d3_first_approval_locks_the_record(world, gql, client):
    kind = next(k for k in KINDS if k.type == "85")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await decide(gql, world.tokens["cs"], await review_of(destination["id"]))
    [row] = [e["node"] for e in (await gql(MINE, {}, token=world.tokens["alice"]))["data"]["myDestinations"]["edges"]]
    assert row["stateLabel"] == "初审通过"
    assert errors(await call(gql, RECALL, world.tokens["alice"], id=destination["id"])) == [("INVALID_STATE", None)]
    edit = await call(gql, UPDATE, world.tokens["alice"], id=destination["id"], type="85", details=details_of(kind))
    assert errors(edit) == [("DESTINATION_LOCKED", ["id"])]


async def test_d3_approved_destination_is_locked_and_blocks_another(world, gql, client):
    kind = next(k for k in KINDS if k.type == "85")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await factories.approve(await review_of(destination["id"]))
    edit = await call(gql, UPDATE, world.tokens["alice"], id=destination["id"], type="85", details=details_of(kind))
    assert errors(edit) == [("DESTINATION_LOCKED", ["id"])]
    another = await register(gql, world.tokens["alice"], kind)
    assert errors(another) == [("DESTINATION_OPEN", ["type"])]


async def test_d3_withdraw_before_review_then_edit_and_submit_again(world, gql, client):
    kind = next(k for k in KINDS if k.type == "76")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    recalled = await call(gql, RECALL, world.tokens["alice"], id=destination["id"])
    assert recalled["errors"] == [] and recalled["destination"]["state"] == "DRAFT"
    review = await Review.get(subject_type="destination")
    assert review.state == "withdrawn"
    assert (await gql(QUEUE, {"filter": {"subjectType": "DESTINATION"}}, token=world.tokens["cs"])
            )["data"]["reviewQueue"]["edges"] == []
    assert (await call(gql, SUBMIT, world.tokens["alice"], id=destination["id"]))["errors"] == []
    discarded_kind = next(k for k in KINDS if k.type == "71")
    await call(gql, RECALL, world.tokens["alice"], id=destination["id"])
    assert (await call(gql, DISCARD, world.tokens["alice"], id=destination["id"]))["errors"] == []
    assert (await register(gql, world.tokens["alice"], discarded_kind))["errors"] == []


async def test_d4_graduate_voids_an_approved_record_without_review_visible_to_the_school(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await factories.approve(await review_of(destination["id"]))
    voided = await call(gql, VOID, world.tokens["alice"], id=destination["id"], reason="已与单位达成签约意向")
    assert voided["errors"] == [] and voided["destination"]["state"] == "VOIDED" and voided["destination"]["voidedAt"]
    assert await Review.filter(subject_type="destination").count() == 1
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": "70"}, "destinationLocked": False}
    entry = await AuditEntry.get(action="destination.voided")
    assert entry.reason == "已与单位达成签约意向"
    listed = await gql(LIST, {"filter": {"state": "VOIDED"}}, token=world.tokens["cs"])
    [row] = [e["node"] for e in listed["data"]["destinations"]["edges"]]
    assert row["id"] == destination["id"] and row["graduate"]["name"] == "陈晓明"
    assert (await register(gql, world.tokens["alice"], next(k for k in KINDS if k.type == "72")))["errors"] == []


async def test_d5_directed_graduate_only_registers_the_supplement(world, gql):
    directed = await factories.graduate(world.school, world.cs, world.cs_major, idn=factories.id_number(serial=13),
                                        training_mode="3")
    token = factories.token(Role.GRADUATE, directed)
    kind = next(k for k in KINDS if k.type == "11")
    refused = await register(gql, token, kind)
    assert errors(refused) == [("DESTINATION_NOT_ALLOWED", ["type"])]
    catalog = (await gql(CATALOG, token=token))["data"]["destinationCatalog"]
    assert [(k["subType"], k["directedOnly"]) for k in catalog] == [(DIRECTED_SUPPLEMENT, True)]
    others = (await gql(CATALOG, token=world.tokens["alice"]))["data"]["destinationCatalog"]
    assert DIRECTED_SUPPLEMENT not in [k["subType"] for k in others] and len(others) == len(KINDS) - 1
    supplement = next(k for k in KINDS if k.sub_type == DIRECTED_SUPPLEMENT)
    assert errors(await register(gql, world.tokens["alice"], supplement)) == [("DESTINATION_NOT_ALLOWED", ["subType"])]


async def test_s9_graduate_who_signed_online_cannot_register_another(world, gql):
    await factories.signed_agreement(world.alice, world.employer)
    kind = next(k for k in KINDS if k.type == "11")
    refused = await register(gql, world.tokens["alice"], kind)
    assert errors(refused) == [("HAS_ACTIVE_AGREEMENT", ["type"])]


async def test_d1_staff_enter_a_destination_and_the_graduate_adds_proofs_and_submits(world, gql, client):
    kind = next(k for k in KINDS if k.sub_type == "801")
    entered = await call(gql, STAFF_REGISTER, world.tokens["cs"], type="80", subType="801",
                         details=details_of(kind), graduateId=encode_id("Graduate", world.alice.id))
    assert entered["errors"] == [] and entered["destination"]["enteredBy"] == "STAFF"
    change = await OutboxEvent.get(kind="record.changed", graduate_id=world.alice.id)
    assert change.payload["change"] == "destination_entered"
    other_dept = await call(gql, STAFF_REGISTER, world.tokens["law"], type="80", subType="801",
                            details=details_of(kind), graduateId=encode_id("Graduate", world.alice.id))
    assert errors(other_dept) == [("NOT_FOUND", ["graduateId"])]
    destination_id = entered["destination"]["id"]
    assert (await add_proof(client, world.tokens["alice"], destination_id, PDF, "录取通知书.pdf"))["errors"] == []
    assert (await call(gql, SUBMIT, world.tokens["alice"], id=destination_id))["errors"] == []
    edited = await call(gql, STAFF_UPDATE, world.tokens["cs"], id=destination_id, type="80", subType="801",
                        details=details_of(kind))
    assert errors(edited) == [("INVALID_STATE", ["id"])]


async def test_r2_staff_list_filters_within_scope_and_costs_fixed_statements(world, gql, client):
    from tests.sql_statements import statements as sql

    for g in (world.alice, world.bob):
        await submitted(gql, client, factories.token(Role.GRADUATE, g), next(k for k in KINDS if k.type == "75"))

    async def statements(first):
        with sql() as seen:
            r = await gql(LIST, {"first": first}, token=world.tokens["admin"])
        assert "errors" not in r, r
        return len(seen), len(r["data"]["destinations"]["edges"])

    one = await statements(1)
    two = await statements(2)
    assert (one[1], two[1]) == (1, 2) and one[0] == two[0]
    cs_only = await gql(LIST, {"filter": {"type": "75"}}, token=world.tokens["cs"])
    assert [e["node"]["graduate"]["name"] for e in cs_only["data"]["destinations"]["edges"]] == ["陈晓明"]
    assert (await gql(LIST, {"filter": {"type": "11"}}, token=world.tokens["admin"])
            )["data"]["destinations"]["totalCount"] == 0
    other_school = await gql(LIST, {}, token=world.tokens["other_admin"])
    assert other_school["data"]["destinations"]["edges"] == []


ACCEPT = """mutation($input: AcceptSigningInvitationInput!) { acceptSigningInvitation(input: $input) {
  errors { code message } agreement { state } } }"""


async def test_d4_an_approved_registration_is_voided_before_signing_online(world, gql, client):
    kind = next(k for k in KINDS if k.sub_type == "P70A")  # 求职中: still 待就业, but registered and approved
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await factories.approve(await review_of(destination["id"]))
    await factories.ready_to_sign(world.alice)
    invitation = await factories.pending_invitation(world.alice, world.employer)
    accept = {"input": {"id": encode_id("SigningInvitation", invitation.id), "confirm": False}}
    refused = (await gql(ACCEPT, accept, token=world.tokens["alice"]))["data"]["acceptSigningInvitation"]
    assert [e["code"] for e in refused["errors"]] == ["NOT_AWAITING_EMPLOYMENT"]
    assert "作废" in refused["errors"][0]["message"]
    assert (await call(gql, VOID, world.tokens["alice"], id=destination["id"]))["errors"] == []
    assert (await gql(ACCEPT, accept, token=world.tokens["alice"]))["data"]["acceptSigningInvitation"]["errors"] == []
    accept["input"]["confirm"] = True
    signed = (await gql(ACCEPT, accept, token=world.tokens["alice"]))["data"]["acceptSigningInvitation"]
    assert signed["errors"] == [] and signed["agreement"]["state"] == "AWAITING_REVIEW"
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": "10"}, "destinationLocked": True}


UNLOCK = op("console/UnlockGraduate.graphql")


async def test_d4_the_schools_unlock_voids_an_approved_registration_too(world, gql, client):
    kind = next(k for k in KINDS if k.type == "85")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await factories.approve(await review_of(destination["id"]))
    r = await gql(UNLOCK, {"input": {"graduateId": encode_id("Graduate", world.alice.id), "reason": "登记有误"}},
                  token=world.tokens["admin"])
    assert r["data"]["unlockGraduate"]["errors"] == []
    row = await Destination.get(id=decode_id(destination["id"], "Destination"))
    assert (row.state, row.active_graduate_id) == ("voided", None)
    entry = await AuditEntry.get(action="destination.voided")
    assert entry.reason == "登记有误"
    assert (await register(gql, world.tokens["alice"], kind))["errors"] == []


@pytest.mark.postgres_only
async def test_d3_racing_registrations_leave_one_open_record(world, gql):
    kind = next(k for k in KINDS if k.type == "75")
    results = await asyncio.gather(*(register(gql, world.tokens["alice"], kind) for _ in range(10)))
    assert sum(1 for r in results if not r["errors"]) == 1
    assert {e["code"] for r in results for e in r["errors"]} == {"DESTINATION_OPEN"}
    assert await Destination.filter(graduate_id=world.alice.id).count() == 1


async def test_r1_a_page_of_destination_rows_costs_the_same_statements_whatever_its_size(world, gql, client):
    from tests.sql_statements import statements as sql

    kind = next(k for k in KINDS if k.type == "75")
    for g in (world.alice, world.bob):
        await submitted(gql, client, factories.token(Role.GRADUATE, g), kind, proofs=2)

    async def cost(query, variables):
        with sql() as seen:
            r = await gql(query, variables, token=world.tokens["admin"])
        assert "errors" not in r, r
        return len(seen)

    queue = {"filter": {"subjectType": "DESTINATION", "state": "PENDING_DEPARTMENT"}}
    assert await cost(QUEUE, {**queue, "first": 1}) == await cost(QUEUE, {**queue, "first": 2})
    detail_list = """query($first: Int) { destinations(first: $first) { edges { node {
      proofs { fileId file { filename url } } graduate { name } department { name } } } } }"""
    assert await cost(detail_list, {"first": 1}) == await cost(detail_list, {"first": 2})


async def test_s9_a_destination_waiting_for_review_is_not_approved_over_an_online_signing(world, gql, client):
    kind = next(k for k in KINDS if k.type == "75")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    await factories.signed_agreement(world.alice, world.employer)
    review = await review_of(destination["id"])
    await decide(gql, world.tokens["cs"], review)
    refused = await decide(gql, world.tokens["admin"], review)
    assert errors(refused) == [("HAS_ACTIVE_AGREEMENT", ["reviewId"])]
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": "10"}, "destinationLocked": True}
    assert (await decide(gql, world.tokens["admin"], review, "REJECT", reason="已网签"))["errors"] == []


async def test_x3_the_schools_decision_and_the_teachers_change_reach_the_graduates_inbox(world, gql, client):
    from notifications import dispatcher

    kind = next(k for k in KINDS if k.type == "46")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    review = await review_of(destination["id"])
    await decide(gql, world.tokens["cs"], review)
    await decide(gql, world.tokens["admin"], review, "RETURN", reason="入伍地有误", fieldsToFix=["enlistmentRegion"])
    await dispatcher.publish_pending()
    inbox = await gql(op("mini-program/MyNotifications.graphql"), {}, token=world.tokens["alice"])
    nodes = [e["node"] for e in inbox["data"]["myNotifications"]["edges"]]
    assert [n["kind"] for n in nodes] == ["record.changed", "destination.decided", "record.changed"]
    decided = nodes[1]
    assert decided["title"] == "去向登记被退回修改"
    assert "应征义务兵" in decided["body"] and "入伍地有误" in decided["body"] and "入伍地（区县）" in decided["body"]
    assert "院系老师初审通过了你的去向登记" in nodes[2]["body"]


async def test_r2_a_one_level_school_reviews_destinations_at_the_school_only(world, gql, client):
    world.school.review_levels = 1
    await world.school.save()
    kind = next(k for k in KINDS if k.sub_type == "503")
    destination = await submitted(gql, client, world.tokens["alice"], kind)
    review = await review_of(destination["id"])
    assert review.state == "pending_school"
    assert errors(await decide(gql, world.tokens["cs"], review)) == [("PERMISSION_DENIED", ["reviewId"])]
    approved = await decide(gql, world.tokens["admin"], review)
    assert approved["errors"] == [] and approved["review"]["destination"]["state"] == "APPROVED"
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me == {"destinationType": {"code": "50"}, "destinationLocked": True}
