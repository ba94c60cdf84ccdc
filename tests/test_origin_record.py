"""Origin record (生源信息): the graduate edits their own fields and confirms the record (O1, B5, S0)."""

from models import AuditEntry, Graduate
from server import crypto

UPDATE = """mutation($input: UpdateOriginRecordInput!) { updateOriginRecord(input: $input) {
  errors { field code message }
  graduate { phone email qq homeAddress originRegion { code name } originConfirmedAt } } }"""
CONFIRM = """mutation($input: ConfirmOriginRecordInput!) { confirmOriginRecord(input: $input) {
  errors { field code message } graduate { originConfirmedAt } } }"""
ME = "{ me { graduate { name studentNumber phone editableFields originRegion { code name } originConfirmedAt } } }"


async def _update(gql, token, **fields):
    return (await gql(UPDATE, {"input": fields}, token=token))["data"]["updateOriginRecord"]


def _codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_o1_graduate_reads_record_and_what_they_may_edit(world, gql):
    me = (await gql(ME, token=world.tokens["alice"]))["data"]["me"]["graduate"]
    assert me["name"] == "陈晓明" and me["phone"] == "13905510001"
    assert me["editableFields"] == ["phone", "originRegion", "homeAddress", "email", "qq"]


async def test_o1_graduate_updates_only_the_fields_given(world, gql):
    payload = await _update(gql, world.tokens["alice"], phone="+86 139-0551-9999", email="chen@example.com",
                            originRegion={"code": "340202", "name": "安徽省芜湖市镜湖区"})
    assert payload["errors"] == []
    assert payload["graduate"]["phone"] == "13905519999"
    assert payload["graduate"]["email"] == "chen@example.com"
    assert payload["graduate"]["originRegion"] == {"code": "340202", "name": "安徽省芜湖市镜湖区"}
    assert payload["graduate"]["qq"] is None
    row = await Graduate.get(id=world.alice.id)
    assert crypto.decrypt(row.phone_enc) == "13905519999" and row.name == "陈晓明"


async def test_o1_imported_fields_are_not_in_the_input(world, gql):
    r = await gql(UPDATE, {"input": {"name": "别人"}}, token=world.tokens["alice"])
    assert "errors" in r and r.get("data") is None
    assert (await Graduate.get(id=world.alice.id)).name == "陈晓明"


async def test_o1_phone_cannot_be_cleared(world, gql):
    assert _codes(await _update(gql, world.tokens["alice"], phone="")) == [(["phone"], "REQUIRED")]
    assert _codes(await _update(gql, world.tokens["alice"], phone=None)) == [(["phone"], "REQUIRED")]
    assert _codes(await _update(gql, world.tokens["alice"], phone="12345")) == [(["phone"], "INVALID_PHONE")]
    assert crypto.decrypt((await Graduate.get(id=world.alice.id)).phone_enc) == "13905510001"


async def test_o1_origin_region_kept_to_the_district(world, gql):
    city = await _update(gql, world.tokens["alice"], originRegion={"code": "340100", "name": "安徽省合肥市"})
    assert _codes(city) == [(["originRegion", "code"], "INVALID_REGION")]
    bad = await _update(gql, world.tokens["alice"], originRegion={"code": "34a104", "name": "x"})
    assert _codes(bad) == [(["originRegion", "code"], "INVALID_REGION")]
    cleared = await _update(gql, world.tokens["alice"], originRegion=None)
    assert _codes(cleared) == [(["originRegion"], "REQUIRED")]


async def test_o1_all_bad_fields_reported_at_once_and_nothing_written(world, gql):
    payload = await _update(gql, world.tokens["alice"], phone="110", email="not-an-email", qq="abc",
                            homeAddress="合肥市新地址")
    assert _codes(payload) == [(["phone"], "INVALID_PHONE"), (["email"], "INVALID_EMAIL"), (["qq"], "INVALID_FORMAT")]
    assert payload["graduate"] is None
    assert (await Graduate.get(id=world.alice.id)).home_address is None


async def test_o1_optional_contact_fields_may_be_cleared(world, gql):
    await _update(gql, world.tokens["alice"], email="chen@example.com", qq="123456")
    payload = await _update(gql, world.tokens["alice"], email=None, qq="")
    assert payload["errors"] == [] and payload["graduate"]["email"] is None and payload["graduate"]["qq"] is None


async def test_o1_update_is_audited_with_phone_redacted(world, gql):
    await _update(gql, world.tokens["alice"], phone="13905519999", homeAddress="合肥市黄山路 2 号")
    entry = await AuditEntry.get(action="origin_record.updated")
    assert entry.actor_kind == "graduate" and entry.actor_id == world.alice.id
    assert entry.subject_type == "graduate" and entry.subject_id == world.alice.id
    assert entry.before == {"phone_enc": "***", "home_address": None}
    assert entry.after == {"phone_enc": "***", "home_address": "合肥市黄山路 2 号"}
    assert "13905519999" not in str(entry.after)


async def test_o1_only_the_graduate_edits_the_origin_record(world, gql):
    for who in ("admin", "cs", "employer", "province"):
        assert _codes(await _update(gql, world.tokens[who], qq="123456")) == [(None, "PERMISSION_DENIED")]
    assert _codes(await _update(gql, None, qq="123456")) == [(None, "UNAUTHENTICATED")]


async def test_s0_confirm_sets_the_confirmation(world, gql):
    payload = (await gql(CONFIRM, {"input": {"confirmed": True}}, token=world.tokens["alice"]))
    payload = payload["data"]["confirmOriginRecord"]
    assert payload["errors"] == [] and payload["graduate"]["originConfirmedAt"]
    assert (await Graduate.get(id=world.alice.id)).origin_confirmed_at is not None
    assert await AuditEntry.filter(action="origin_record.confirmed", subject_id=world.alice.id).count() == 1


async def test_s0_confirm_refused_while_phone_or_region_missing(world, gql):
    await Graduate.filter(id=world.alice.id).update(phone_enc=None, origin_region_code=None, origin_region_name=None)
    payload = (await gql(CONFIRM, {"input": {"confirmed": True}}, token=world.tokens["alice"]))
    assert _codes(payload["data"]["confirmOriginRecord"]) == [(["phone"], "REQUIRED"), (["originRegion"], "REQUIRED")]
    assert (await Graduate.get(id=world.alice.id)).origin_confirmed_at is None


async def test_s0_confirm_needs_the_box_ticked(world, gql):
    payload = (await gql(CONFIRM, {"input": {"confirmed": False}}, token=world.tokens["alice"]))
    assert _codes(payload["data"]["confirmOriginRecord"]) == [(["confirmed"], "INVALID_INPUT")]


async def test_o1_changing_origin_region_requires_confirming_again(world, gql):
    await gql(CONFIRM, {"input": {"confirmed": True}}, token=world.tokens["alice"])
    kept = await _update(gql, world.tokens["alice"], phone="13905519999", qq="123456")
    assert kept["graduate"]["originConfirmedAt"] is not None
    moved = await _update(gql, world.tokens["alice"], originRegion={"code": "340202", "name": "安徽省芜湖市镜湖区"})
    assert moved["graduate"]["originConfirmedAt"] is None
    entry = await AuditEntry.filter(action="origin_record.updated").order_by("-id").first()
    assert entry.after["origin_confirmed_at"] is None and entry.before["origin_confirmed_at"]
