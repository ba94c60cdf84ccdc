"""Issue 12 §5, employer qualification materials (单位资质材料, seed 001 §3, R1, S3): a registered employer uploads
its business licence, and an authorisation letter when its contact is not its legal representative; reviewers
open them beside each signing of their scope; a school marks them checked for its own staff, and any change to
the materials clears every school's mark."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from models import AuditEntry, EmployerMaterial, EmployerMaterialCheck, StoredFile
from resolvers.viewer import Role
from schema.relay import encode_id
from tests import factories, files
from tests.sql_statements import statements
from tests.test_exports import column, exported
from tests.test_qr_card import ACCEPT, _card, _send

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
MINE = (OPS / "employer-spa/MyEmployerMaterials.graphql").read_text()
UPLOAD = (OPS / "employer-spa/UploadEmployerMaterial.graphql").read_text()
DELETE = (OPS / "employer-spa/DeleteEmployerMaterial.graphql").read_text()
LEGAL = (OPS / "employer-spa/SetEmployerLegalRepresentative.graphql").read_text()
CHECK = (OPS / "console/SetEmployerMaterialsChecked.graphql").read_text()
AGREEMENT = (OPS / "console/AgreementMaterials.graphql").read_text()
QUEUE = (OPS / "console/ReviewQueue.graphql").read_text()


async def upload(client, token, kind, content, filename="执照.png"):
    operations = {"query": UPLOAD, "variables": {"input": {"kind": kind, "file": None}}}
    r = await client.post("/graphql", headers={"Authorization": f"Bearer {token}"},
                          data={"operations": json.dumps(operations),
                                "map": json.dumps({"0": ["variables.input.file"]})},
                          files={"0": (filename, content, "application/octet-stream")})
    assert r.status_code == 200, r.text
    return r.json()["data"]["uploadEmployerMaterial"]


async def mine(gql, token):
    return (await gql(MINE, token=token))["data"]["myEmployerMaterials"]


async def legal(gql, token, name):
    r = await gql(LEGAL, {"input": {"legalRepresentative": name}}, token=token)
    return r["data"]["setEmployerLegalRepresentative"]


async def check(gql, world, who, employer, version, checked=True):
    r = await gql(CHECK, {"input": {"employerId": encode_id("Employer", employer.id), "checked": checked,
                                    "materialsVersion": version}}, token=world.tokens[who])
    return r["data"]["setEmployerMaterialsChecked"]


async def beside(gql, world, who, agreement):
    r = await gql(AGREEMENT, {"id": encode_id("Agreement", agreement.id)}, token=world.tokens[who])
    node = r["data"]["node"]
    return node if node is None else node["employerMaterials"]


def codes(payload):
    return [(".".join(e["field"] or []) or None, e["code"]) for e in payload["errors"]]


def kinds(materials):
    return [m["kind"] for m in materials["materials"]]


async def test_i12_5_employer_uploads_its_materials_and_sees_what_is_missing(world, gql, client):
    token = world.tokens["employer"]
    start = await mine(gql, token)
    assert (start["materials"], start["missing"], start["complete"]) == (
        [], ["BUSINESS_LICENSE", "AUTHORISATION_LETTER"], False)
    assert start["authorisationLetterRequired"] and start["contactName"] == "张金华"

    refused = await upload(client, token, "BUSINESS_LICENSE", b"<html><script>alert(1)</script></html>", "执照.pdf")
    assert codes(refused) == [("file", "FILE_TYPE_NOT_ALLOWED")] and "营业执照" in refused["errors"][0]["message"]
    licence = await upload(client, token, "BUSINESS_LICENSE", files.png(), "营业执照.png")
    assert licence["errors"] == [] and licence["materials"]["missing"] == ["AUTHORISATION_LETTER"]
    opened = licence["materials"]["materials"][0]
    assert (opened["kindLabel"], opened["file"]["filename"], opened["fromQrCard"]) == (
        "营业执照", "营业执照.png", False)

    # The contact is the legal representative: no letter is asked.
    declared = await legal(gql, token, " 张金华 ")
    assert declared["errors"] == [] and declared["materials"]["legalRepresentative"] == "张金华"
    assert (declared["materials"]["authorisationLetterRequired"], declared["materials"]["complete"]) == (False, True)
    assert codes(await legal(gql, token, "  ")) == [("legalRepresentative", "REQUIRED")]

    # Another legal representative: the contact acts by the letter.
    other = await legal(gql, token, "李建国")
    assert other["materials"]["missing"] == ["AUTHORISATION_LETTER"]
    letter = await upload(client, token, "AUTHORISATION_LETTER", files.pdf(), "授权委托书.pdf")
    assert letter["errors"] == [] and letter["materials"]["complete"]
    assert kinds(letter["materials"]) == ["BUSINESS_LICENSE", "AUTHORISATION_LETTER"]

    # Replacing keeps one file per kind and forgets the old one.
    first_file = await StoredFile.get(purpose="employer_business_license")
    replaced = await upload(client, token, "BUSINESS_LICENSE", files.jpeg(), "新执照.jpg")
    assert replaced["materials"]["materials"][0]["file"]["contentType"] == "image/jpeg"
    assert not await StoredFile.filter(id=first_file.id).exists()

    deleted = (await gql(DELETE, {"input": {"kind": "AUTHORISATION_LETTER"}}, token=token))["data"]
    assert deleted["deleteEmployerMaterial"]["materials"]["missing"] == ["AUTHORISATION_LETTER"]
    again = (await gql(DELETE, {"input": {"kind": "AUTHORISATION_LETTER"}}, token=token))["data"]
    assert codes(again["deleteEmployerMaterial"]) == [("kind", "NOT_FOUND")]

    actions = await AuditEntry.filter(subject_type="employer", subject_id=world.employer.id).order_by("id") \
        .values_list("action", flat=True)
    assert actions == ["employer.material_uploaded", "employer.legal_representative_updated",
                       "employer.legal_representative_updated", "employer.material_uploaded",
                       "employer.material_replaced", "employer.material_deleted"]
    # Nobody but an employer keeps materials.
    r = await gql(MINE, token=world.tokens["admin"])
    assert r["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_i12_5_reviewers_open_materials_beside_signings_of_their_scope_only(world, gql, client):
    token = world.tokens["employer"]
    await upload(client, token, "BUSINESS_LICENSE", files.png(), "营业执照.png")
    agreement, _ = await factories.signed_agreement(world.alice, world.employer)

    row = (await gql(QUEUE, {"first": 10}, token=world.tokens["cs"]))["data"]["reviewQueue"]["edges"][0]["node"]
    assert row["materialsUploaded"] is True
    materials = row["employerMaterials"]
    assert (materials["complete"], materials["missing"], materials["checkedByMySchool"]) == (
        False, ["AUTHORISATION_LETTER"], None)
    link = urlsplit(materials["materials"][0]["file"]["url"])
    opened = await client.get(f"{link.path}?{link.query}")
    assert opened.status_code == 200 and opened.content == files.png()

    assert kinds(await beside(gql, world, "admin", agreement)) == ["BUSINESS_LICENSE"]
    # The queue's export says "uploaded" as the screen does.
    done, rows = await exported(gql, client, world.tokens["cs"], "REVIEW_QUEUE", reviewQueue={})
    assert column(done, rows, "资质材料已上传") == ["是"]
    # Outside the scope the agreement itself is hidden; its graduate sees the agreement but not the materials.
    for outsider in ("law", "other_admin", "province"):
        assert await beside(gql, world, outsider, agreement) is None, outsider
    assert await beside(gql, world, "alice", agreement) is None
    # The employer itself sees them beside its own agreement.
    assert kinds(await beside(gql, world, "employer", agreement)) == ["BUSINESS_LICENSE"]
    other = await factories.employer("另一家公司", login_name="another")
    r = await gql(AGREEMENT, {"id": encode_id("Agreement", agreement.id)},
                  token=factories.token(Role.EMPLOYER, other))
    assert r["data"]["node"] is None

    # Marking: outside the scope the employer's materials do not exist; other roles may not mark at all.
    version = (await mine(gql, token))["materialsVersion"]
    for outsider in ("law", "other_admin"):
        assert codes(await check(gql, world, outsider, world.employer, version)) == [("employerId", "NOT_FOUND")]
    for role in ("employer", "alice", "province"):
        refused = await check(gql, world, role, world.employer, version)
        assert [c for _, c in codes(refused)] == ["PERMISSION_DENIED"] and refused["materials"] is None, role
    assert not await EmployerMaterialCheck.exists()


async def test_i12_5_a_schools_mark_is_its_own_and_a_replaced_licence_clears_every_mark(world, gql, client):
    token = world.tokens["employer"]
    await upload(client, token, "BUSINESS_LICENSE", files.png())
    mine_agreement, _ = await factories.signed_agreement(world.alice, world.employer)
    theirs, _ = await factories.signed_agreement(world.carol, world.employer)
    version = (await mine(gql, token))["materialsVersion"]

    incomplete = await check(gql, world, "cs", world.employer, version)
    assert codes(incomplete) == [("employerId", "INVALID_STATE")] and "授权委托书" in incomplete["errors"][0]["message"]
    version = (await legal(gql, token, "张金华"))["materials"]["materialsVersion"]
    assert codes(await check(gql, world, "cs", world.employer, version - 1)) == [("materialsVersion", "STALE_STATE")]
    # A reviewer with no signing of this employer in their scope does not learn of its materials.
    assert codes(await check(gql, world, "law", world.employer, version)) == [("employerId", "NOT_FOUND")]

    marked = await check(gql, world, "cs", world.employer, version)
    assert marked["errors"] == []
    assert marked["materials"]["checkedByMySchool"]["checkedByName"] == world.cs_reviewer.name
    seen_by_admin = await beside(gql, world, "admin", mine_agreement)
    assert seen_by_admin["checkedByMySchool"]["checkedByName"] == world.cs_reviewer.name
    assert (await beside(gql, world, "other_admin", theirs))["checkedByMySchool"] is None
    assert (await beside(gql, world, "employer", mine_agreement))["checkedByMySchool"] is None
    assert (await check(gql, world, "other_admin", world.employer, version))["errors"] == []
    assert await EmployerMaterialCheck.filter(employer_id=world.employer.id).count() == 2

    replaced = await upload(client, token, "BUSINESS_LICENSE", files.jpeg())
    assert replaced["materials"]["materialsVersion"] == version + 1
    assert (await beside(gql, world, "admin", mine_agreement))["checkedByMySchool"] is None
    assert (await beside(gql, world, "other_admin", theirs))["checkedByMySchool"] is None
    entry = await AuditEntry.get(action="employer.material_replaced")
    assert entry.after["clearedCheckSchoolIds"] == sorted([world.school.id, world.other_school.id])

    assert (await check(gql, world, "admin", world.employer, version + 1))["errors"] == []
    unmarked = await check(gql, world, "cs", world.employer, version + 1, checked=False)
    assert unmarked["errors"] == [] and unmarked["materials"]["checkedByMySchool"] is None
    checks = await AuditEntry.filter(action__startswith="employer.materials_").order_by("id") \
        .values_list("action", "school_id")
    assert checks == [("employer.materials_checked", world.school.id),
                      ("employer.materials_checked", world.other_school.id),
                      ("employer.materials_checked", world.school.id),
                      ("employer.materials_unchecked", world.school.id)]


async def test_i12_5_qr_card_certificate_counts_as_the_business_licence(world, gql, client):
    await factories.ready_to_sign(world.alice)
    invitation = (await _send(client, await _card(gql, world)))["invitation"]
    for confirm in (False, True):
        r = await gql(ACCEPT, {"input": {"id": invitation["id"], "confirm": confirm}}, token=world.tokens["alice"])
        assert r["data"]["acceptSigningInvitation"]["errors"] == []
    row = (await gql(QUEUE, {"first": 10}, token=world.tokens["cs"]))["data"]["reviewQueue"]["edges"][0]["node"]
    materials = row["employerMaterials"]
    assert (materials["complete"], materials["missing"], materials["authorisationLetterRequired"]) == (True, [], False)
    [licence] = materials["materials"]
    assert (licence["kind"], licence["fromQrCard"], licence["file"]["contentType"]) == (
        "BUSINESS_LICENSE", True, "image/png")
    link = urlsplit(licence["file"]["url"])
    assert (await client.get(f"{link.path}?{link.query}")).content == files.png()


async def test_i12_5_queue_page_with_materials_costs_a_fixed_number_of_statements(world, gql, client):
    for i in range(12):
        graduate = await factories.graduate(world.school, world.cs, world.cs_major, name=f"同学{i}",
                                            idn=factories.id_number(serial=100 + i))
        employer = await factories.employer(name=f"用人单位{i}", login_name=f"employer{i}")
        token = factories.token(Role.EMPLOYER, employer)
        await upload(client, token, "BUSINESS_LICENSE", files.png())
        version = (await legal(gql, token, "张金华"))["materials"]["materialsVersion"]
        await factories.signed_agreement(graduate, employer)
        assert (await check(gql, world, "cs", employer, version))["errors"] == []
    counts = {}
    for size in (2, 12):
        with statements() as seen:
            r = await gql(QUEUE, {"first": size}, token=world.tokens["cs"])
        edges = r["data"]["reviewQueue"]["edges"]
        assert len(edges) == size and all(e["node"]["employerMaterials"]["checkedByMySchool"] for e in edges), r
        counts[size] = len(seen)
    assert counts[2] == counts[12], counts


@pytest.mark.postgres_only
async def test_i12_5_a_mark_racing_a_replacement_never_outlives_it(world, gql, client):
    """The reviewer marks the version they looked at while the employer replaces the licence: the mark is either
    refused as stale or made first and then cleared; it never stays on files nobody looked at. Two first uploads
    racing leave one material and one file."""
    token = world.tokens["employer"]
    await asyncio.gather(*(upload(client, token, "BUSINESS_LICENSE", files.png(), f"执照{i}.png") for i in range(2)))
    assert await EmployerMaterial.filter(employer_id=world.employer.id).count() == 1
    assert await StoredFile.filter(purpose="employer_business_license").count() == 1
    await factories.signed_agreement(world.alice, world.employer)
    version = (await legal(gql, token, "张金华"))["materials"]["materialsVersion"]
    for _ in range(5):
        marked, replaced = await asyncio.gather(check(gql, world, "cs", world.employer, version),
                                                upload(client, token, "BUSINESS_LICENSE", files.jpeg()))
        assert codes(marked) in ([], [("materialsVersion", "STALE_STATE")]) and replaced["errors"] == []
        assert not await EmployerMaterialCheck.filter(employer_id=world.employer.id).exists()
        version = replaced["materials"]["materialsVersion"]
