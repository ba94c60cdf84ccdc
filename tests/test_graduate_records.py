"""Graduate records (X1): own and family contacts, archive forwarding; kept by the graduate, read by the graduate
and the staff of their scope (R2), phones encrypted at rest (B5), every change audited in its transaction."""

from __future__ import annotations

import json
from pathlib import Path

from models import ArchiveForwarding, AuditEntry, FamilyContact, Graduate
from schema.relay import encode_id
from server import crypto
from tests import factories

OPS = Path(__file__).resolve().parent.parent / "frontend-contract" / "operations"
CONTACTS = (OPS / "mini-program/UpdateContacts.graphql").read_text()
ARCHIVE = (OPS / "mini-program/UpdateArchiveForwarding.graphql").read_text()
MINE = (OPS / "mini-program/MyRecords.graphql").read_text()
RECORDS = (OPS / "console/GraduateRecords.graphql").read_text()

FAMILY = [{"name": "陈建国", "relation": "父亲", "phone": "13805510011"},
          {"name": "李秀英", "relation": "母亲", "phone": "+86 138-0551-0012"}]
ADDRESS = {"recipientUnit": "芜湖市人才服务中心", "region": {"code": "340202", "name": "安徽省芜湖市镜湖区"},
           "address": "赭山路 8 号", "postcode": "241000", "recipient": "王老师", "phone": "13955310000"}


async def _contacts(gql, world, who="alice", **fields):
    return (await gql(CONTACTS, {"input": fields}, token=world.tokens[who]))["data"]["updateContacts"]


async def _archive(gql, world, who="alice", **fields):
    return (await gql(ARCHIVE, {"input": {**ADDRESS, **fields}}, token=world.tokens[who]))["data"][
        "updateArchiveForwarding"]


async def test_x1_graduate_keeps_own_and_family_contacts_phones_encrypted_and_audited(world, gql):
    payload = await _contacts(gql, world, phone="13905519999", email="chen@example.com", familyContacts=FAMILY)
    assert payload["errors"] == []
    graduate = payload["graduate"]
    assert (graduate["phone"], graduate["email"]) == ("13905519999", "chen@example.com")
    assert graduate["familyContacts"] == [{"name": "陈建国", "relation": "父亲", "phone": "13805510011"},
                                         {"name": "李秀英", "relation": "母亲", "phone": "13805510012"}]
    rows = await FamilyContact.filter(graduate_id=world.alice.id).order_by("position")
    assert [crypto.decrypt(r.phone_enc) for r in rows] == ["13805510011", "13805510012"]
    assert all("1380551" not in r.phone_enc for r in rows)
    entries = await AuditEntry.filter(subject_type="graduate", subject_id=world.alice.id).order_by("id")
    assert [e.action for e in entries] == ["origin_record.updated", "family_contacts.updated"]
    family = entries[1]
    assert family.actor_kind == "graduate" and family.before == {"family_contacts": []}
    assert family.after["family_contacts"][0] == {"name": "陈建国", "relation": "父亲", "phone": "138****0011"}
    assert "13805510011" not in json.dumps([e.before for e in entries] + [e.after for e in entries])

    # Left out: unchanged; the same list again: nothing recorded; an empty list clears.
    assert (await _contacts(gql, world, qq="123456"))["graduate"]["familyContacts"][1]["name"] == "李秀英"
    await _contacts(gql, world, familyContacts=FAMILY)
    assert await AuditEntry.filter(action="family_contacts.updated").count() == 1
    assert (await _contacts(gql, world, familyContacts=[]))["graduate"]["familyContacts"] == []
    assert not await FamilyContact.filter(graduate_id=world.alice.id).exists()
    assert await AuditEntry.filter(action="family_contacts.updated").count() == 2


async def test_x1_each_bad_contact_field_is_named_and_nothing_is_saved(world, gql):
    payload = await _contacts(gql, world, phone="12345", familyContacts=[
        FAMILY[0], {"name": " ", "relation": "母亲", "phone": "0551-1234567"}])
    errors = {tuple(e["field"]): (e["code"], e["message"]) for e in payload["errors"]}
    assert errors == {
        ("phone",): ("INVALID_PHONE", "手机号码应为 11 位大陆手机号"),
        ("familyContacts", "1", "name"): ("REQUIRED", "第 2 位家庭联系人：请填写姓名"),
        ("familyContacts", "1", "phone"): ("INVALID_PHONE",
                                           "第 2 位家庭联系人的联系电话：手机号码应为 11 位大陆手机号"),
    }
    assert payload["graduate"] is None
    # The own phone was valid in this call: the family contact's error still undoes it.
    payload = await _contacts(gql, world, phone="13905519999", familyContacts=[{**FAMILY[0], "relation": ""}])
    assert [(e["field"], e["message"]) for e in payload["errors"]] == [
        (["familyContacts", "0", "relation"], "第 1 位家庭联系人：请填写与本人关系")]
    assert crypto.decrypt((await Graduate.get(id=world.alice.id)).phone_enc) == "13905510001"
    assert not await FamilyContact.exists()
    assert not await AuditEntry.filter(subject_id=world.alice.id, subject_type="graduate").exists()
    payload = await _contacts(gql, world, familyContacts=FAMILY * 3)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["familyContacts"], "OUT_OF_RANGE")]


async def test_x1_archive_forwarding_to_the_district_with_a_valid_postcode(world, gql):
    payload = await _archive(gql, world)
    assert payload["errors"] == []
    saved = payload["graduate"]["archiveForwarding"]
    assert {k: saved[k] for k in ADDRESS} == ADDRESS
    row = await ArchiveForwarding.get(graduate_id=world.alice.id)
    assert crypto.decrypt(row.phone_enc) == "13955310000" and "13955310000" not in row.phone_enc
    # Postcodes may start with 0 (Inner Mongolia); the change is recorded with its before and after.
    payload = await _archive(gql, world, postcode="010010", region={"code": "150102", "name": "内蒙古呼和浩特市新城区"})
    assert payload["graduate"]["archiveForwarding"]["postcode"] == "010010"
    entries = await AuditEntry.filter(action="archive_forwarding.updated").order_by("id")
    assert [e.before and e.before["postcode"] for e in entries] == [None, "241000"]
    assert entries[1].after["postcode"] == "010010" and entries[1].after["phone"] == "139****0000"

    payload = await _archive(gql, world, postcode="2410", region={"code": "340200", "name": "安徽省芜湖市"},
                             recipientUnit="", phone="110")
    errors = {tuple(e["field"]): (e["code"], e["message"]) for e in payload["errors"]}
    assert errors == {
        ("recipientUnit",): ("REQUIRED", "请填写档案接收单位"),
        ("region", "code"): ("INVALID_REGION", "档案接收单位所在地区：地区须填写到区县（6 位行政区划代码）"),
        ("postcode",): ("INVALID_POSTCODE", "邮政编码应为 6 位数字"),
        ("phone",): ("INVALID_PHONE", "收件人联系电话：手机号码应为 11 位大陆手机号"),
    }
    assert (await ArchiveForwarding.get(graduate_id=world.alice.id)).postcode == "010010"


async def test_x1_r2_b5_records_are_read_by_the_graduate_and_the_staff_of_their_scope(world, gql):
    await _contacts(gql, world, familyContacts=FAMILY[:1])
    await _archive(gql, world)
    mine = (await gql(MINE, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert mine["familyContacts"][0]["phone"] == "13805510011" and mine["archiveForwarding"]["phone"] == "13955310000"
    alice = {"id": encode_id("Graduate", world.alice.id)}
    for staff in ("cs", "admin"):
        node = (await gql(RECORDS, alice, token=world.tokens[staff]))["data"]["node"]
        assert node["familyContacts"] == [{"name": "陈建国", "relation": "父亲", "phone": "13805510011"}], staff
        assert node["archiveForwarding"]["recipientUnit"] == "芜湖市人才服务中心", staff
    # Outside the scope: the graduate is not visible at all, or visible without their records.
    for outsider in ("law", "other_admin", "other_province", "bob"):
        assert (await gql(RECORDS, alice, token=world.tokens[outsider]))["data"]["node"] is None, outsider
    await factories.pending_invitation(world.alice, world.employer)
    for reader in ("province", "employer"):
        node = (await gql(RECORDS, alice, token=world.tokens[reader]))["data"]["node"]
        assert node["name"] == "陈晓明" and node["familyContacts"] is None and node["archiveForwarding"] is None
    # Only the graduate edits them.
    for who in ("cs", "admin", "employer"):
        payload = await _contacts(gql, world, who=who, familyContacts=[])
        assert [e["code"] for e in payload["errors"]] == ["PERMISSION_DENIED"], who
    assert await FamilyContact.filter(graduate_id=world.alice.id).count() == 1


async def test_x1_a_page_of_graduates_with_their_records_costs_the_same_statements_whatever_its_size(world, gql):
    from tortoise.transactions import in_transaction

    from resolvers.origin.record import OriginChanges
    from resolvers.records.contacts import FamilyMember, update_contacts
    from resolvers.viewer import Role
    from tests.sql_statements import statements

    page = """{ graduates(first: 50) { edges { node { id familyContacts { name phone }
      archiveForwarding { recipientUnit phone } } } } }"""
    counts = []
    for size in (2, 8):
        while await Graduate.filter(school_id=world.school.id).count() < size:
            graduate = await factories.graduate(world.school, world.cs, world.cs_major)
            async with in_transaction():
                await update_contacts(factories.as_viewer(Role.GRADUATE, graduate), OriginChanges(),
                                      [FamilyMember("家长", "父亲", "13800000000")])
        with statements() as seen:
            r = await gql(page, token=world.tokens["admin"])
        assert "errors" not in r and len(r["data"]["graduates"]["edges"]) == size, r
        counts.append(len(seen))
    assert counts[0] == counts[1], counts
